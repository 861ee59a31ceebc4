-- Neovim's built-in LSP client (0.7+: vim.lsp.start_client) runs `ordlint lsp` on a YAML file;
-- the diagnostics it shows must be ordlint's, at the right byte column, and an edit in the
-- buffer must clear them. Run by nvim-client.sh, which makes the workspace and reads the
-- exit code (0 = pass).
local binary = assert(os.getenv('ORDLINT_BINARY'), 'ORDLINT_BINARY not set')
local root = assert(os.getenv('ORDLINT_WORKSPACE'), 'ORDLINT_WORKSPACE not set')

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/config.yaml'))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'ordlint',
    cmd = { binary, 'lsp' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'ws' } },
  })
  assert(client_id, 'the client did not start')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'could not attach the client')

  local function ours()
    return vim.diagnostic.get(bufnr, { namespace = vim.lsp.diagnostic.get_namespace(client_id) })
  end
  assert(vim.wait(10000, function() return #ours() > 0 end, 20), 'no diagnostics received')
  local diagnostics = ours()
  assert(#diagnostics == 1, 'expected one diagnostic, got ' .. vim.inspect(diagnostics))
  local d = diagnostics[1]
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  assert(code == 'duplicate-key', 'code: ' .. tostring(code))
  assert(d.source == 'ordlint', 'source: ' .. tostring(d.source))
  assert(d.severity == vim.diagnostic.severity.ERROR, 'severity: ' .. tostring(d.severity))
  -- Line 4 is `data: {"größe": '1', k: '1', k: '2'}`: the second k is at byte 31 (0-based), UTF-16 unit 29;
  -- the server counts UTF-16 units (ö and ß are one unit, two bytes each), Neovim bytes.
  assert(d.lnum == 3 and d.col == 31, 'position: ' .. d.lnum .. ':' .. d.col)
  assert(d.message:find('repeats the key', 1, true), 'message: ' .. d.message)

  -- Fix the buffer (unsaved): the diagnostic goes away.
  vim.api.nvim_buf_set_lines(bufnr, 3, 4, true, { [[data: {"größe": '1', k: '1', j: '2'}]] })
  assert(vim.wait(10000, function() return #ours() == 0 end, 20), 'the diagnostic was not cleared')

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end

local ok, err = pcall(run)
if ok then
  io.stdout:write('nvim lsp client test: ok\n')
  vim.cmd('qall!')
else
  io.stderr:write('nvim lsp client test failed: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
