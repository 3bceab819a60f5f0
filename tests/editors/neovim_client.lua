-- Drives kling's language server from a real Neovim (0.7+), headless.
-- Env: KLING_SERVER (json array: the command), KLING_FILE (the .kling file), KLING_RESULT (json out).
local result = { diagnostics = {}, completion = {}, fixed = false, after = {} }
local function finish(code)
  local out = io.open(os.getenv("KLING_RESULT"), "w")
  out:write(vim.fn.json_encode(result))
  out:close()
  vim.cmd("cquit " .. code)
end

local ok, err = pcall(function()
  local cmd = vim.fn.json_decode(os.getenv("KLING_SERVER"))
  local file = os.getenv("KLING_FILE")
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = "kling"
  local client_id = vim.lsp.start_client({
    name = "kling",
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ":h"),
    flags = { debounce_text_changes = 0 },
  })
  assert(client_id, "the server did not start")
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

  -- 1. diagnostics arrive
  assert(vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50), "no diagnostics")
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { code = d.code, line = d.lnum, col = d.col, message = d.message })
  end

  -- 2. completion after a speech verb offers speaking styles
  local last = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, last, last, false, { "The barman says " })
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = last, character = 16 },
  }
  local response = client.request_sync("textDocument/completion", params, 10000, bufnr)
  assert(response and response.result, "no completion answer")
  local items = response.result.items or response.result
  for _, item in ipairs(items) do table.insert(result.completion, item.label) end
  vim.api.nvim_buf_set_lines(bufnr, last, last + 1, false, {})

  -- 3. the quick fix of the unclosed quote removes its diagnostic
  local target
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == "unclosed-quote" then target = d end
  end
  assert(target, "no unclosed-quote diagnostic")
  local range = { start = { line = target.lnum, character = target.col },
                  ["end"] = { line = target.end_lnum, character = target.end_col } }
  local answer = client.request_sync("textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) }, range = range,
    context = { diagnostics = {} },
  }, 10000, bufnr)
  assert(answer and answer.result, "no code actions")
  local chosen
  for _, action in ipairs(answer.result) do
    if action.isPreferred and action.edit then chosen = action end
  end
  assert(chosen, "no preferred quick fix")
  result.fix_title = chosen.title
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or "utf-16")
  result.fixed = vim.wait(20000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == "unclosed-quote" then return false end
    end
    return true
  end, 50)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(result.after, d.code) end
  vim.lsp.stop_client(client_id)
end)
if not ok then
  result.error = tostring(err)
  finish(3)
else
  finish(0)
end
