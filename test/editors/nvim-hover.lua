-- Neovim 0.7's built-in LSP client against the real Architecture Notes server.
--
-- Run: nvim --headless --clean -u NONE -c 'luafile test/editors/nvim-hover.lua'
--
-- Prints one PASS or FAIL line per check on stdout and exits 1 if any check failed (2 if
-- the script itself broke). Every wait is bounded, so a silent server fails, never hangs.
--
-- Overrides, to point the test somewhere else or to watch it fail:
--   NOTES_SERVER      path of the server bundle (default: dist/server.js)
--   NOTES_DOC         the design doc to open
--   NOTES_TERM        the phrase to hover (default: "circuit breakers")
--   NOTES_TERM_NAME   what the hover must name (default: "circuit breaker")
--   NOTES_DEFINITION  what the hover must define it as (default: "error handling")
--   NOTES_TIMEOUT_MS  the bound on each wait (default: 15000)

local script_dir = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local repo = vim.fn.fnamemodify(script_dir, ':h:h')

local function setting(name, default)
  local value = os.getenv(name)
  if value == nil or value == '' then return default end
  return value
end

local function default_doc()
  -- The shared design-doc fixture when the project has one, else this folder's own.
  local fixture = repo .. '/test/fixtures/design-doc.md'
  if vim.fn.filereadable(fixture) == 1 then return fixture end
  return script_dir .. '/design.md'
end

local server_path = setting('NOTES_SERVER', repo .. '/dist/server.js')
local doc_path = setting('NOTES_DOC', default_doc())
local term = setting('NOTES_TERM', 'circuit breakers')
local term_name = setting('NOTES_TERM_NAME', 'circuit breaker')
local definition_text = setting('NOTES_DEFINITION', 'error handling')
local timeout_ms = tonumber(setting('NOTES_TIMEOUT_MS', '15000'))
-- Words a design doc uses that the bundled notes do not define; the first one present is
-- hovered to check that plain prose gets no hover.
local ordinary_words = { 'team', 'Today', 'wants', 'the' }

local failures = 0

local function say(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function check(ok, name, detail)
  if ok then
    say('PASS nvim: ' .. name)
  else
    failures = failures + 1
    -- One line per check, so the runner can count them.
    say('FAIL nvim: ' .. name .. (detail and (' — ' .. detail:gsub('\n%s*', ' ')) or ''))
  end
  return ok
end

--- Zero-based line and UTF-16 column of the first match of `pattern` (a Lua pattern, in
--- lower case) in the buffer, ignoring case, pointing `offset` bytes into the match.
local function find_position(bufnr, pattern, offset)
  for index, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local start = line:lower():find(pattern)
    if start then
      local _, utf16 = vim.str_utfindex(line, start - 1 + offset)
      return { line = index - 1, character = utf16 }
    end
  end
  return nil
end

local function phrase_pattern(phrase)
  return (phrase:lower():gsub('%p', '%%%0'))
end

local function whole_word(word)
  return '%f[%w]' .. phrase_pattern(word) .. '%f[%W]'
end

--- The text of a hover result, whatever shape of `contents` the server chose.
local function hover_text(result)
  if result == nil or result == vim.NIL then return nil end
  local contents = result.contents
  if type(contents) == 'string' then return contents end
  if contents.value then return contents.value end
  local parts = {}
  for _, part in ipairs(contents) do
    parts[#parts + 1] = type(part) == 'string' and part or part.value
  end
  return table.concat(parts, '\n')
end

--- One request to our client, bounded; returns result, error message.
local function request(bufnr, client_id, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout_ms)
  if err then return nil, method .. ': ' .. tostring(err) end
  local response = responses and responses[client_id]
  if not response then return nil, method .. ': no response' end
  if response.err then return nil, method .. ': ' .. vim.inspect(response.err) end
  return response.result, nil
end

local function run()
  check(vim.fn.filereadable(server_path) == 1, 'server bundle exists', server_path)
  check(vim.fn.filereadable(doc_path) == 1, 'design doc exists: ' .. vim.fn.fnamemodify(doc_path, ':.'))
  if failures > 0 then return end

  -- A crashed earlier run must not leave a swap file that stops this one at a prompt.
  vim.opt.swapfile = false
  vim.cmd('edit ' .. vim.fn.fnameescape(doc_path))
  local bufnr = vim.api.nvim_get_current_buf()
  -- `-u NONE` turns filetype detection off; the client sends the filetype as languageId.
  vim.bo[bufnr].filetype = 'markdown'

  local index_state
  local exited
  local client_id = vim.lsp.start_client({
    name = 'architecture-notes',
    cmd = { 'node', server_path, '--stdio' },
    root_dir = vim.fn.fnamemodify(doc_path, ':h'),
    init_options = {
      includeBundledNotes = true,
      languages = { 'markdown', 'plaintext' },
    },
    handlers = {
      ['architectureNotes/indexStatus'] = function(_, status)
        index_state = status and status.state
      end,
    },
    on_exit = function(code, signal)
      exited = string.format('code %s, signal %s', tostring(code), tostring(signal))
    end,
  })
  if not check(client_id ~= nil, 'client started') then return end
  check(vim.lsp.buf_attach_client(bufnr, client_id), 'client attached to the design doc')

  local ready = vim.wait(timeout_ms, function() return index_state == 'ready' or exited ~= nil end, 20)
  if not check(ready and index_state == 'ready', 'server reports its index ready',
      exited and ('server exited: ' .. exited) or ('last state: ' .. tostring(index_state))) then
    return
  end

  local uri = vim.uri_from_bufnr(bufnr)

  -- Hover on a term, from the middle of the phrase as a user's mouse would be. A design doc
  -- may use the singular; the term's own name will do then.
  local hovered, term_position = term, find_position(bufnr, phrase_pattern(term), math.floor(#term / 2))
  if not term_position then
    hovered, term_position = term_name, find_position(bufnr, phrase_pattern(term_name), math.floor(#term_name / 2))
  end
  if not check(term_position ~= nil, 'design doc mentions "' .. hovered .. '"', 'nor "' .. term .. '"') then return end
  local params = { textDocument = { uri = uri }, position = term_position }
  local hover, hover_err = request(bufnr, client_id, 'textDocument/hover', params)
  local text = hover_text(hover)
  check(text ~= nil and text ~= '', 'hover on "' .. hovered .. '" answers', hover_err or 'empty hover')
  text = text or ''
  check(text:lower():find(term_name:lower(), 1, true) ~= nil, 'hover names "' .. term_name .. '"', vim.inspect(text))
  check(text:lower():find(definition_text:lower(), 1, true) ~= nil, 'hover gives the definition "' .. definition_text .. '"', vim.inspect(text))

  -- What the user sees: Neovim's own hover handler opens its floating window.
  local float_buf = vim.lsp.handlers['textDocument/hover'](nil, hover, { bufnr = bufnr, client_id = client_id, method = 'textDocument/hover' }, {})
  local shown = float_buf and table.concat(vim.api.nvim_buf_get_lines(float_buf, 0, -1, false), '\n') or ''
  check(shown:lower():find(definition_text:lower(), 1, true) ~= nil, 'hover window shows the definition', vim.inspect(shown))

  -- Plain prose gets no hover.
  local word, word_position
  for _, candidate in ipairs(ordinary_words) do
    word_position = find_position(bufnr, whole_word(candidate), 1)
    if word_position then word = candidate break end
  end
  if check(word_position ~= nil, 'design doc has an ordinary word') then
    local plain, plain_err = request(bufnr, client_id, 'textDocument/hover', { textDocument = { uri = uri }, position = word_position })
    check(plain_err == nil and hover_text(plain) == nil, 'no hover on the ordinary word "' .. word .. '"', plain_err or vim.inspect(plain))
  end

  -- Go to definition lands on the term's definition in the bundled notes.
  local locations, definition_err = request(bufnr, client_id, 'textDocument/definition', params)
  if locations and locations.uri then locations = { locations } end -- a single Location
  local landed
  for _, location in ipairs(locations or {}) do
    local target_uri = location.uri or location.targetUri
    local range = location.range or location.targetSelectionRange
    if target_uri:match('/architecture%.md$') then
      local lines = vim.fn.readfile(vim.uri_to_fname(target_uri))
      local line = lines[range.start.line + 1] or ''
      local from = vim.str_byteindex(line, range.start.character, true)
      local to = vim.str_byteindex(line, range['end'].character, true)
      landed = { uri = target_uri, line = range.start.line + 1, text = line:sub(from + 1, to) }
      if landed.text:lower() == term_name:lower() then break end
    end
  end
  check(landed ~= nil, 'definition points into architecture.md', definition_err or vim.inspect(locations))
  check(landed ~= nil and landed.text:lower() == term_name:lower(),
    'definition range covers "' .. term_name .. '"', landed and string.format('line %d has %q', landed.line, landed.text))

  -- stop_client sends shutdown, then exit: a well-behaved server leaves with code 0.
  vim.lsp.stop_client(client_id)
  vim.wait(timeout_ms, function() return exited ~= nil end, 20)
  check(exited == 'code 0, signal 0', 'server exits cleanly after shutdown', exited or 'still running')
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  failures = failures + 1
  say('FAIL nvim: test script error — ' .. tostring(err):gsub('\n%s*', ' '))
  vim.cmd('cquit 2')
elseif failures > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
