--- The Lua half of `keyshare run`: the Swift runner calls these functions, one coroutine each.
---
--- `prepare` runs once on the owner side (owner handle, key handle, setup steps, inventory);
--- `run_step` runs once per target and step, each in its own coroutine, as the Swift rollout engine
--- schedules them (steps of one target in order, targets concurrently).
local account = require("_lib.keyshare.account")

--- The loaded plugins by name (filled by the Swift loader).
local function _plugin(name)
  return require("keyshare.plugins")[name]
end

local M = {}

--- The text of any error value: `message` of an error table, its `__tostring`, or the value.
--- Never raises (a hostile `__tostring` or `__index` yields a placeholder).
local function _message(err)
  local ok, text = pcall(function()
    if type(err) == "table" then
      local meta = getmetatable(err)
      if type(meta) == "table" and meta.__tostring ~= nil then return tostring(err) end
      if err.message ~= nil then
        return (err.code ~= nil and (tostring(err.code) .. ": ") or "") .. tostring(err.message)
      end
      return "an error table without code or message"
    end
    return tostring(err)
  end)
  if ok and type(text) == "string" then return text end
  return "an error value that cannot be printed (" .. type(err) .. ")"
end

--- Converts any error value into `{ code, message, http_status?, request_id? }`.
local function _failure(err, step)
  if type(err) == "table" and err.code then
    return { code = tostring(err.code), message = tostring(err.message), http_status = err.http_status,
      request_id = err.request_id, step = step }
  end
  if type(err) == "table" and err.message ~= nil then
    return { code = "keyshare.LuaError", message = tostring(err.message), step = step }
  end
  return { code = "keyshare.LuaError", message = _message(err), step = step }
end

--- Names the error's subject when its message does not: the target's account and, when the
--- target has one, its key (a cloud message such as "The CMK needs to be enabled." names neither).
local function _with_subject(failure, target, key)
  local message = failure.message or ""
  local subject = {}
  if not message:find(target.id, 1, true) then subject[#subject + 1] = "account " .. target.id end
  local key_id = type(key) == "table" and rawget(key, "id") or nil
  if type(key_id) == "string" and not message:find(key_id, 1, true) then subject[#subject + 1] = "key " .. key_id end
  if #subject > 0 then failure.message = message .. " (" .. table.concat(subject, ", ") .. ")" end
  return failure
end

--- Resolves a step descriptor to `{ name, run, setup }`.
local function _resolve(step)
  if type(step) == "function" then return { name = "inline", run = step } end
  local plugin = _plugin(step.plugin)
  local entry = plugin.provides.action[step.action]
  if type(entry) == "function" then entry = { run = entry } end
  return { name = step.plugin .. "." .. step.action, run = entry.run, setup = entry.setup }
end

--- The verdict of one hook: nil when it returned exactly `true` (first value), else why it refused.
--- Fails closed: an error, a missing hook, `nil`, `"yes"`, `1` or a table all refuse.
local function _verdict(hook, ctx)
  local plugin = _plugin(hook.plugin)
  local hooks = type(plugin) == "table" and type(plugin.provides) == "table" and plugin.provides.hook or nil
  local entry = type(hooks) == "table" and hooks[hook.name] or nil
  if type(entry) == "table" then entry = entry.run end
  if type(entry) ~= "function" then return "refused: the hook is not a function (check the plugin's provides.hook)" end
  local results = table.pack(pcall(entry, ctx, ctx.params))
  if not results[1] then return "refused: the hook failed: " .. _message(results[2]) end
  local verdict, reason = results[2], results[3]
  if verdict == true then return nil end
  if verdict == false then
    if reason == nil or reason == "" then return "refused (no reason given)" end
    return _message(reason)
  end
  local nothing = results.n < 2 and " (it returned nothing)" or ""
  return "refused: hook returned " .. type(verdict) .. ", not true" .. nothing
    .. "; a hook lets the run go only by returning true"
end

--- A deep copy of `value` (tables copied once each, so cycles and shared tables stay as they were).
local function _deep_copy(value, seen)
  if type(value) ~= "table" then return value end
  if seen[value] then return seen[value] end
  local copy = {}
  seen[value] = copy
  for k, v in next, value do copy[_deep_copy(k, seen)] = _deep_copy(v, seen) end
  return copy
end

--- Copies of the targets for hooks and setup steps: whatever they do to them, what runs is the
--- list the inventory produced.
local function _copy_targets(targets)
  local seen, copies = {}, {}
  for index, target in ipairs(targets) do copies[index] = _deep_copy(target, seen) end
  return copies
end

--- Why `seen` (what a hook left in ctx.targets) differs from the targets that will run, or nil.
local function _targets_changed(seen, runnable)
  if type(seen) ~= "table" then return "replaced ctx.targets with " .. type(seen) end
  if rawlen(seen) ~= #runnable then
    return "changed ctx.targets from " .. #runnable .. " to " .. rawlen(seen) .. " targets"
  end
  for index, target in ipairs(runnable) do
    local other = rawget(seen, index)
    if type(other) ~= "table" or rawget(other, "id") ~= target.id then
      return "changed target #" .. index .. " of ctx.targets (account " .. target.id .. ")"
    end
  end
  return nil
end

--- Runs the `before_run` hooks; returns nil when all pass, else the reason of the first refusal.
--- A hook gates the run: one that adds, removes or replaces targets refuses it (it would run more
--- or other accounts than an approval counted), whatever it returns.
local function _gate(config, ctx, runnable)
  local params = ctx.params
  for _, hook in ipairs(config.hooks or {}) do
    -- A copy of the params too: a hook must not loosen what a later hook or a step checks
    -- (an approval count, keep_roles).
    ctx.params = _deep_copy(params, {})
    local refused = _verdict(hook, ctx)
    ctx.params = params
    local changed = _targets_changed(ctx.targets, runnable)
    if changed ~= nil then
      refused = "refused: the hook " .. changed .. "; hooks cannot change which accounts a run touches "
        .. "(select targets in the inventory or its params)"
    end
    if refused ~= nil then return hook.plugin .. "." .. hook.name .. ": " .. refused end
    ctx.targets = _copy_targets(runnable)
  end
  return nil
end

--- A short description of a value for error messages: its type, and strings and numbers themselves.
local function _shown(value)
  if type(value) == "string" then return ("string %q"):format(value:sub(1, 60)) end
  if type(value) == "number" then return "number " .. tostring(value) end
  return type(value)
end

local TARGET_SHAPE = "{ id = \"<account uid>\", name = … }"

--- Checks what an inventory produced: a list of target tables, each with an account UID, each
--- account once. Raises naming the source and what was wrong (the run then exits 2).
local function _check_targets(targets, source)
  if type(targets) ~= "table" then
    error(source .. " returned " .. _shown(targets) .. ", not a list of targets " .. TARGET_SHAPE, 0)
  end
  if #targets == 0 and next(targets) ~= nil then
    error(source .. " returned a table that is not a list (a single target? wrap it: { " .. TARGET_SHAPE .. " })", 0)
  end
  local seen = {}
  for index, target in ipairs(targets) do
    if type(target) ~= "table" then
      error(source .. ": target #" .. index .. " is " .. _shown(target) .. ", not a table " .. TARGET_SHAPE, 0)
    end
    if math.type(target.id) == "integer" and target.id > 0 then target.id = tostring(target.id) end
    local id = target.id
    if type(id) ~= "string" or not id:match("^%d+$") or #id > 32 then
      error(source .. ": target #" .. index .. " has no account UID in `id` (got " .. _shown(id) .. "); give "
        .. TARGET_SHAPE, 0)
    end
    if seen[id] then
      error(source .. ": account " .. id .. " is listed twice (targets #" .. seen[id] .. " and #" .. index
        .. "); list each account once", 0)
    end
    seen[id] = index
  end
end

--- Why a target is not run at all, or nil: the key owner cannot share a key with itself.
local function _exempt(run, target)
  if target.id == run.owner.id then return "the key owner cannot share with itself" end
  return nil
end

--- The target's account handle, recording the changes of `ensure_role`/`remove_role` as they
--- return, so a step that fails later still reports the roles it made.
local function _recording_account(target, region, record)
  local acct = account.new(target, region)
  for _, method in ipairs({ "ensure_role", "remove_role" }) do
    local original = acct[method]
    rawset(acct, method, function(self, ...)
      local changes = original(self, ...)
      record(changes)
      return changes
    end)
  end
  return acct
end

--- The inventory function to run while the key handles are built, or nil to run it after them: a
--- named inventory plugin's, when it declares `needs_keys = false` (it reads neither `ctx.key` nor
--- `ctx.keys`, and only reads the cloud: it runs inside `keyshare.concurrently`, which refuses
--- changes) and the run has keys to look up. A playbook's own function may read the keys.
local function _independent_inventory(config)
  if type(config.inventory) ~= "string" or (config.key == nil and config.keys == nil) then return nil end
  local plugin = _plugin(config.inventory)
  local entry = type(plugin) == "table" and type(plugin.provides) == "table" and plugin.provides.inventory or nil
  if type(entry) == "table" and entry.needs_keys == false and type(entry.run) == "function" then return entry.run end
  return nil
end

--- Builds the run: owner and key handles, resolved steps, the targets, hooks, then setup steps
--- (which see `ctx.targets`). An inventory that needs no keys runs while they are looked up; its
--- errors and the keys' are raised as running one after the other raises them (keys first).
--- Returns a function running one step of one target (the Swift engine calls it once per step, each
--- in a coroutine of its own), the targets, what setup changed, the step names, and a function
--- asking a pause hook whether the run goes on after a stage (nil when it may, else why not).
---@async
---@param config table
---@return fun(target: table, index: integer, earlier: string[], retried: boolean): table run_step
---@return table[] targets
---@return string[] setup_changes
---@return string[] names
---@return fun(hook: table, results: table): string? pause
function M.prepare(config)
  local owner = account.new({ id = config.owner, name = "owner" }, config.region)
  local run = {
    playbook = config.playbook, playbook_dir = config.playbook_dir, run_id = config.run_id,
    region = config.region, owner = owner, params = config.params, shared = {}, steps = {},
  }
  local function build_keys()
    if config.key then run.key = owner:key(config.key) end
    if config.keys then
      run.keys = owner:key_pool(config.keys)
      if #run.keys.keys == 1 then run.key = run.keys.keys[1] end
    end
  end
  -- What the inventory, hooks and setup steps change (on the owner side, before any target): they
  -- record it with `ctx.change` or through the owner handle's role methods; the run reports it.
  local setup_changes = {}
  local function record(changes)
    for _, change in ipairs(type(changes) == "table" and changes or {}) do
      setup_changes[#setup_changes + 1] = tostring(change)
    end
  end
  local ctx = { owner = _recording_account({ id = config.owner, name = "owner" }, config.region, record),
    params = run.params, shared = run.shared,
    run_id = run.run_id, playbook_dir = run.playbook_dir, log = function() end,
    change = function(text) setup_changes[#setup_changes + 1] = tostring(text) end }
  -- The inventory's outcome when it ran beside the key lookup: pcall's results, raised in turn below.
  local early
  local independent = _independent_inventory(config)
  if independent then
    local keys_failure
    keyshare.concurrently(function()
      local ok, err = pcall(build_keys)
      if not ok then
        keys_failure = { err }
      elseif run.keys then
        -- The pool's first reads too, while the inventory lists: not on the first target's path.
        run.keys:load_capacity()
      end
    end, function() early = table.pack(pcall(independent, ctx, run.params)) end)
    if keys_failure then error(keys_failure[1], 0) end
  else
    build_keys()
  end
  ctx.key, ctx.keys = run.key, run.keys
  for _, step in ipairs(config.steps) do run.steps[#run.steps + 1] = _resolve(step) end
  local targets, note, source
  if early then
    source = "inventory " .. config.inventory
    if not early[1] then error(early[2], 0) end
    targets, note = early[2], early[3]
  elseif type(config.inventory) == "function" then
    source = "the playbook's inventory function"
    targets, note = config.inventory(ctx, run.params)
  elseif type(config.inventory) == "string" then
    source = "inventory " .. config.inventory
    local plugin = _plugin(config.inventory)
    local entry = plugin.provides.inventory
    if type(entry) == "table" then entry = entry.run end
    targets, note = entry(ctx, run.params)
  else
    source = "the playbook's targets"
    targets = config.targets or {}
  end
  _check_targets(targets, source)
  local runnable = {}
  for _, target in ipairs(targets) do
    if _exempt(run, target) == nil then runnable[#runnable + 1] = target end
  end
  if #runnable == 0 and not config.allow_empty then
    local why = #targets > 0 and " other than the key owner" or ""
    error(source .. " yielded no targets" .. why .. (type(note) == "string" and ("; " .. note) or "")
      .. "; check the inventory params (or pass --allow-empty to accept an empty run)", 0)
  end
  -- Hooks and setup steps see the targets that will run (an approval counts what changes).
  -- They get copies: what runs is what the inventory listed and the hooks approved.
  ctx.targets = _copy_targets(runnable)
  run.refused = _gate(config, ctx, runnable)
  for _, step in ipairs(run.refused == nil and run.steps or {}) do
    if step.setup then
      ctx.targets = _copy_targets(runnable)
      local ok, shared = pcall(step.setup, ctx, run.params)
      if not ok then
        local made = #setup_changes > 0 and (" (changes it made before it failed: "
          .. table.concat(setup_changes, "; ") .. ")") or ""
        error("setup of " .. step.name .. " failed: " .. _message(shared) .. made, 0)
      end
      for name, value in pairs(type(shared) == "table" and shared or {}) do run.shared[name] = value end
    end
  end
  local names = {}
  for index, step in ipairs(run.steps) do names[index] = step.name end
  run.contexts = {}
  -- A pause hook sees what before_run hooks see, plus `ctx.results`: the stage that ended, the next
  -- one, counts per status and the failed targets with their reasons. Only `true` lets the run go on.
  local function pause(hook, results)
    local params = ctx.params
    ctx.params = _deep_copy(params, {})
    ctx.targets = _copy_targets(runnable)
    ctx.results = _deep_copy(results, {})
    local refused = _verdict(hook, ctx)
    ctx.params, ctx.results = params, nil
    if refused ~= nil then return hook.plugin .. "." .. hook.name .. ": " .. refused end
    return nil
  end
  return function(target, index, earlier, retried) return M.run_step(run, target, index, earlier, retried) end, targets,
    setup_changes, names, pause
end

--- Appends to `into` the strings of `list` not already counted in `seen` (a multiset of texts).
local function _merge(into, seen, list)
  if type(list) ~= "table" then return end
  for _, change in ipairs(list) do
    local text = tostring(change)
    if (seen[text] or 0) > 0 then
      seen[text] = seen[text] - 1
    else
      into[#into + 1] = text
    end
  end
end

--- The per-target context, made by a target's first step and kept until its last: `explicit`
--- collects `ctx.change` texts, `implicit` what the account handle's role methods changed.
local function _target_state(run, target)
  local state = run.contexts[target.id]
  if state then return state end
  state = { explicit = {}, implicit = {}, messages = {} }
  local ctx = {
    target = target, owner = run.owner, key = run.key, keys = run.keys,
    params = run.params, shared = run.shared, run_id = run.run_id, playbook_dir = run.playbook_dir,
    log = function(message) state.messages[#state.messages + 1] = tostring(message) end,
    change = function(text) state.explicit[#state.explicit + 1] = tostring(text) end,
  }
  ctx.account = _recording_account(target, run.region, function(changes)
    for _, change in ipairs(type(changes) == "table" and changes or {}) do
      state.implicit[#state.implicit + 1] = tostring(change)
    end
  end)
  state.ctx = ctx
  run.contexts[target.id] = state
  return state
end

--- Runs step `index` of the playbook for one target; never raises. Every change the step made is
--- in `changes` whatever the outcome: what it recorded with `ctx.change(text)`, what the account
--- handle's role methods did, what it returned, and `err.changes`. `earlier` lists what the
--- target's earlier steps changed (also in an earlier process, for a resumed run): `ctx.earlier`;
--- `retried` that an earlier attempt of this step started and may have left things behind: `ctx.retried`.
---@async
---@param run table
---@param target table
---@param index integer
---@param earlier string[]?
---@param retried boolean?
---@return { status: string, changes: string[], messages: string[], error: table?, reason: string? }
function M.run_step(run, target, index, earlier, retried)
  local result = { changes = {}, messages = {} }
  if run.refused then
    result.status, result.reason = "skipped", run.refused
    return result
  end
  local exempt = _exempt(run, target)
  if exempt then
    result.status, result.reason = "skipped", exempt
    return result
  end
  local state = _target_state(run, target)
  local ctx, step = state.ctx, run.steps[index]
  ctx.earlier, ctx.retried = earlier or {}, retried == true
  state.explicit, state.implicit, state.messages = {}, {}, result.messages
  local last = index >= #run.steps
  local ok, changes = pcall(step.run, ctx, run.params)
  -- Recorded changes first; what the step returns adds only what was not recorded already.
  local seen = {}
  for _, text in ipairs(state.explicit) do
    result.changes[#result.changes + 1] = text
    seen[text] = (seen[text] or 0) + 1
  end
  if not ok then
    _merge(result.changes, seen, state.implicit)
    local carried = type(changes) == "table" and rawget(changes, "changes") or nil
    local all = {}
    for _, text in ipairs(result.changes) do all[text] = (all[text] or 0) + 1 end
    _merge(result.changes, all, carried)
    result.status = "failed"
    result.error = _with_subject(_failure(changes, step.name), target, ctx.key)
    run.contexts[target.id] = nil
    return result
  end
  _merge(result.changes, seen, type(changes) == "table" and changes or nil)
  result.status = "succeeded"
  if last then run.contexts[target.id] = nil end
  return result
end

--- Runs one spec case `fn(spec)` against the run's cloud: `spec.owner`, `spec.key`,
--- `spec.member(i)` (an account handle for member i of the starter world), `spec.context(acct)`
--- (a step context for that account), `spec.defaults(plugin)` (its params' defaults).
---@async
function M.run_spec(fn, config)
  local owner = account.new({ id = config.owner, name = "owner" }, config.region)
  local spec = { owner = owner, region = config.region }
  if config.key then spec.key = owner:key(config.key) end
  function spec.member(i)
    return account.new({ id = string.format("2%015d", i), name = "member-" .. i }, config.region)
  end
  function spec.context(acct, params)
    local messages = {}
    return { target = { id = acct.id, name = acct.name, tags = {} }, account = acct, owner = owner, key = spec.key,
      params = params or {}, shared = {}, run_id = "spec", messages = messages,
      log = function(message) messages[#messages + 1] = message end }
  end
  function spec.defaults(name)
    local values = {}
    for param, declared in pairs(_plugin(name).params or {}) do values[param] = declared.default end
    return values
  end
  spec.plugin = _plugin
  return fn(spec)
end

--- Returns the event handler of reporter plugin `name`: it returns the text to write, or nil.
---@param name string
---@param params table
---@return fun(event: table): string?
function M.reporter(name, params)
  local entry = _plugin(name).provides.reporter
  if type(entry) == "table" then entry = entry.run end
  return entry(params)
end

return M
