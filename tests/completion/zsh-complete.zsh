#!/usr/bin/env zsh
# Usage: zsh-complete.zsh COMPLETION_DIR WORKDIR 'COMMAND LINE'
# Prints the candidates zsh's completion system offers for COMMAND LINE (as if Tab were pressed
# at its end), one per line, with the completion functions of COMPLETION_DIR first on $fpath.
# zsh completes only inside its line editor, so this drives an interactive `zsh -f` in a
# pseudo-terminal (zsh/zpty), where compadd is wrapped to print what it is given.
zmodload zsh/zpty
completion_dir=$1 dir=$2 line=$3
zpty completer zsh -f -i
# compinit's dump file beside the scripts: scanning every completion function on $fpath takes
# seconds, so only the first call of a test does it.
zpty -w completer "cd ${(q)dir}; PROMPT= ; fpath=(${(q)completion_dir} \$fpath); autoload -U compinit; compinit -u -d ${(q)completion_dir}/.zcompdump"
zpty -w completer 'compadd() { builtin compadd -O __found "$@"; local m; for m in $__found; print -r -- $'"'"'\x02'"'"'$m$'"'"'\x03'"'"'; builtin compadd "$@"; }'
zpty -w completer "zstyle ':completion:*' list-grouped false; bindkey '^I' complete-word"
zpty -w completer "$line"$'\t'
zpty -w completer $'\C-u; print -r -- "<<done>>"\n'
output=""
integer waited=0
while (( waited < 200 )); do # at most 10 s
  if zpty -r -t completer chunk 2>/dev/null; then
    output+=$chunk
    [[ $output == *'<<done>>'*'<<done>>'* ]] && break # the typed line's echo, then its output
  else
    sleep 0.05
    (( waited++ ))
  fi
done
zpty -d completer
(( waited < 200 )) || { print -u2 "zsh-complete: no answer from zsh"; exit 2; }
for candidate in ${(f)"$(print -r -- $output | grep -a -o $'\x02[^\x02\x03]*\x03')"}; print -r -- ${${candidate#?}%?}
