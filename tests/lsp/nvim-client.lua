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

  -- The Service selects pod 0 of a StatefulSet whose pods are 1..5 (db.yaml).
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/service.yaml'))
  local service = vim.api.nvim_get_current_buf()
  assert(vim.lsp.buf_attach_client(service, client_id), 'could not attach to service.yaml')
  local function findings()
    return vim.diagnostic.get(service, { namespace = vim.lsp.diagnostic.get_namespace(client_id) })
  end
  assert(vim.wait(10000, function() return #findings() > 0 end, 20), 'no finding on the Service')
  local function request(method, params)
    local responses = vim.lsp.buf_request_sync(service, method, params, 5000)
    assert(responses and responses[client_id], method .. ': no response')
    assert(not responses[client_id].err, method .. ': ' .. vim.inspect(responses[client_id].err))
    return responses[client_id].result
  end
  local uri = vim.uri_from_bufnr(service)

  -- Hover on the finding (line 7, `apps.kubernetes.io/pod-index: "0"`).
  local hover = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = 6, character = 8 } })
  assert(hover and hover.contents.value:find('unreachable-pod-index', 1, true), 'hover: ' .. vim.inspect(hover))
  -- On the value: what the pod model knows.
  hover = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = 6, character = 35 } })
  assert(hover and hover.contents.value:find('StatefulSet database', 1, true), 'hover on the value: ' .. vim.inspect(hover))
  -- On a key: the field's type and its description from the bundled schema.
  hover = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = 4, character = 3 } })
  assert(hover and hover.contents.value:find('**spec.selector**: object', 1, true)
         and hover.contents.value:find('Route service traffic to pods with label keys and values matching this selector', 1, true),
         'hover on a key: ' .. vim.inspect(hover))
  -- The outline: the document, and the Service in it.
  local symbols = request('textDocument/documentSymbol', { textDocument = { uri = uri } })
  assert(#symbols == 1 and symbols[1].children[1].name == 'Service/database-primary',
         'symbols: ' .. vim.inspect(symbols))

  -- The remedy in the other file: set the StatefulSet's ordinals.start to 0.
  local actions = request('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 6, character = 4 }, ['end'] = { line = 6, character = 4 } },
    context = { diagnostics = {} },
  })
  local chosen
  for _, action in ipairs(actions) do
    if action.title == 'Set spec.ordinals.start: 0 on StatefulSet database' then chosen = action end
  end
  assert(chosen, 'no ordinals remedy among ' .. vim.inspect(actions))
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  local db = vim.fn.bufnr(root .. '/db.yaml')
  assert(db > 0, 'db.yaml was not opened by the edit')
  local line = vim.api.nvim_buf_get_lines(db, 6, 7, true)[1]
  assert(line == '    start: 0', 'db.yaml line 7: ' .. line)
  -- The StatefulSet buffer is not attached: save it, the server reads it from disk.
  vim.api.nvim_buf_call(db, function() vim.cmd('silent write') end)
  vim.lsp.buf_notify(service, 'workspace/didChangeWatchedFiles',
                     { changes = { { uri = vim.uri_from_fname(root .. '/db.yaml'), type = 2 } } })
  assert(vim.wait(10000, function() return #findings() == 0 end, 20), 'the Service finding was not cleared')

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
