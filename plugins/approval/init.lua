--- approval: gates that stop a rollout before it changes anything.
---
--- `approval.confirm` makes the operator type the size of the change (like typing a resource name
--- to delete it): a playbook listing it in `hooks` runs only with `--param approve=<targets>`, so a
--- folder that grew from 20 to 200 accounts is not rolled out to by habit. `approval.limit`
--- refuses runs over `max_targets` targets. A refused run skips every target and exits with 3.
local M = {
  name = "approval",
  version = "1.0.0",
  description = "Gates: confirm the number of targets, cap the size of a run",
  categories = { "read-only" },
}

M.params = {
  approve = { type = "string", default = "",
    doc = "approval.confirm: the number of targets this run may change, e.g. --param approve=200" },
  max_targets = { type = "integer", default = 0,
    doc = "approval.limit: refuse runs over this many targets (0: no limit)" },
}

--- Passes when `params.approve` equals the number of targets.
---@param ctx table
---@param params table
---@return boolean ok, string? reason
function M.confirm(ctx, params)
  local count = #(ctx.targets or {})
  local given = tostring(params.approve or "")
  if given == tostring(count) then return true end
  if given == "" then
    return false, ("this run would change %d account(s); run again with --param approve=%d to confirm"):format(
      count, count)
  end
  return false, ("--param approve=%s does not match the %d target(s) of this run; check the inventory, then "
    .. "run again with --param approve=%d"):format(given, count, count)
end

--- Passes when the run has at most `params.max_targets` targets (0: any number).
---@param ctx table
---@param params table
---@return boolean ok, string? reason
function M.limit(ctx, params)
  local count, limit = #(ctx.targets or {}), params.max_targets or 0
  if limit <= 0 or count <= limit then return true end
  return false, ("%d targets is over max_targets=%d; narrow the inventory (folder, tags) or raise "
    .. "--param max_targets"):format(count, limit)
end

--- A pause hook (`pause_hook = "approval.no_failures"`): goes on after a stage only while no target
--- has failed; refuses with the failed accounts otherwise. Outside a pause (no `ctx.results`) it refuses.
---@param ctx table
---@return boolean ok, string? reason
function M.no_failures(ctx)
  local results = ctx.results
  if type(results) ~= "table" then return false, "approval.no_failures answers pauses only: name it as pause_hook" end
  local failed = results.failed or {}
  if #failed == 0 then return true end
  local names = {}
  for index, target in ipairs(failed) do
    if index > 5 then names[#names + 1] = "…"; break end
    names[#names + 1] = target.id .. " (" .. tostring(target.reason) .. ")"
  end
  return false, ("%d target(s) failed by the end of the %s: %s; fix them, then keyshare resume"):format(
    #failed, tostring(results.stage), table.concat(names, ", "))
end

M.provides = {
  hook = {
    no_failures = { run = M.no_failures, doc = "pause_hook: go on after a stage only while no target failed" },
    confirm = { run = M.confirm, doc = "refuse unless --param approve equals the number of targets" },
    limit = { run = M.limit, doc = "refuse runs with more than --param max_targets targets" },
  },
}

return M
