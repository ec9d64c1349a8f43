--- The Lua half of `keyshare run`: the Swift runner calls these functions, one coroutine each.
---
--- `prepare` runs once on the owner side (owner handle, key handle, setup steps, inventory);
--- `run_target` runs once per target, in its own coroutine, concurrently with the others.
local account = require("_lib.keyshare.account")

--- The loaded plugins by name (filled by the Swift loader).
local function _plugin(name)
  return require("keyshare.plugins")[name]
end

local M = {}

--- Converts any error value into `{ code, message, http_status?, request_id? }`.
local function _failure(err, step)
  if type(err) == "table" and err.code then
    return { code = err.code, message = tostring(err.message), http_status = err.http_status,
      request_id = err.request_id, step = step }
  end
  return { code = "keyshare.LuaError", message = tostring(err), step = step }
end

--- Resolves a step descriptor to `{ name, run, setup }`.
local function _resolve(step)
  if type(step) == "function" then return { name = "inline", run = step } end
  local plugin = _plugin(step.plugin)
  local entry = plugin.provides.action[step.action]
  if type(entry) == "function" then entry = { run = entry } end
  return { name = step.plugin .. "." .. step.action, run = entry.run, setup = entry.setup }
end

--- Runs the `before_run` hooks; returns nil when all pass, else the reason of the first refusal.
local function _gate(config, ctx)
  for _, hook in ipairs(config.hooks or {}) do
    local entry = _plugin(hook.plugin).provides.hook[hook.name]
    if type(entry) == "table" then entry = entry.run end
    local ok, reason = entry(ctx, ctx.params)
    if ok == false then return hook.plugin .. "." .. hook.name .. ": " .. tostring(reason or "refused") end
  end
  return nil
end

--- Builds the run: owner and key handles, resolved steps, the targets, hooks, then setup steps
--- (which see `ctx.targets`).
--- Returns a function running one target (for one coroutine each) and the targets.
---@async
---@param config table
---@return fun(target: table): table run_target, table[] targets
function M.prepare(config)
  local owner = account.new({ id = config.owner, name = "owner" }, config.region)
  local run = {
    playbook = config.playbook, playbook_dir = config.playbook_dir, run_id = config.run_id,
    region = config.region, owner = owner, params = config.params, shared = {}, steps = {},
  }
  if config.key then run.key = owner:key(config.key) end
  if config.keys then
    run.keys = owner:key_pool(config.keys)
    if #run.keys.keys == 1 then run.key = run.keys.keys[1] end
  end
  for _, step in ipairs(config.steps) do run.steps[#run.steps + 1] = _resolve(step) end
  local ctx = { owner = owner, key = run.key, keys = run.keys, params = run.params, shared = run.shared,
    run_id = run.run_id, playbook_dir = run.playbook_dir, log = function() end }
  local targets
  if type(config.inventory) == "function" then
    targets = config.inventory(ctx, run.params)
  elseif type(config.inventory) == "string" then
    local plugin = _plugin(config.inventory)
    local entry = plugin.provides.inventory
    if type(entry) == "table" then entry = entry.run end
    targets = entry(ctx, run.params)
  else
    targets = config.targets or {}
  end
  ctx.targets = targets
  run.refused = _gate(config, ctx)
  for _, step in ipairs(run.refused == nil and run.steps or {}) do
    if step.setup then
      for name, value in pairs(step.setup(ctx, run.params) or {}) do run.shared[name] = value end
    end
  end
  return function(target) return M.run_target(run, target) end, targets
end

--- Runs every step for one target; never raises.
---@async
---@param run table
---@param target table
---@return { status: string, changes: string[], messages: string[], error: table? }
function M.run_target(run, target)
  local result = { changes = {}, messages = {} }
  if run.refused then
    result.status, result.reason = "skipped", run.refused
    return result
  end
  local ctx = {
    target = target, account = account.new(target, run.region), owner = run.owner, key = run.key, keys = run.keys,
    params = run.params, shared = run.shared, run_id = run.run_id, playbook_dir = run.playbook_dir,
    log = function(message) result.messages[#result.messages + 1] = tostring(message) end,
  }
  for _, step in ipairs(run.steps) do
    local ok, changes = pcall(step.run, ctx, run.params)
    if not ok then
      result.status = "failed"
      result.error = _failure(changes, step.name)
      return result
    end
    for _, change in ipairs(type(changes) == "table" and changes or {}) do
      result.changes[#result.changes + 1] = tostring(change)
    end
  end
  result.status = #result.changes > 0 and "changed" or "unchanged"
  return result
end

--- A worker coroutine: runs targets handed out by the Swift scheduler until there are none.
---@async
---@param run_target fun(target: table): table
function M.worker(run_target)
  local keyshare = require("keyshare")
  while true do
    local job = keyshare.next_target()
    if job == nil then return end
    local ok, result = pcall(run_target, job.target)
    if not ok then
      result = { status = "failed", changes = {}, messages = {},
        error = { code = "keyshare.LuaError", message = tostring(result) } }
    end
    keyshare.finish_target(job.id, result)
  end
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
