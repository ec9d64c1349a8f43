--- junit: a JUnit XML report with one test case per target, written when the run ends.
local M = {
  name = "junit",
  version = "1.0.0",
  description = "JUnit XML, one test case per target, for CI dashboards",
  categories = { "read-only" },
  params = {},
}

--- Escapes text for XML attributes and bodies.
---@param text string
---@return string
function M.escape(text)
  return (tostring(text):gsub("[&<>\"']", {
    ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;", ["'"] = "&apos;",
  }))
end

--- Renders the collected cases as a JUnit document.
---@param suite string
---@param cases keyshare.Event[]
---@param duration_ms number
---@return string
function M.render(suite, cases, duration_ms)
  local failures, skipped = 0, 0
  for _, case in ipairs(cases) do
    if case.status == "failed" then failures = failures + 1 end
    -- JUnit has no "cancelled": a target the run stopped before is a skipped case, with the reason.
    if case.status == "skipped" or case.status == "cancelled" then skipped = skipped + 1 end
  end
  local out = {
    '<?xml version="1.0" encoding="UTF-8"?>',
    ('<testsuites><testsuite name="%s" tests="%d" failures="%d" skipped="%d" time="%.3f">'):format(
      M.escape(suite), #cases, failures, skipped, duration_ms / 1000),
  }
  for _, case in ipairs(cases) do
    local open = ('  <testcase classname="%s" name="%s %s" time="%.3f"'):format(
      M.escape(suite), M.escape(case.target.id), M.escape(case.target.name), case.duration_ms / 1000)
    if case.status == "failed" then
      out[#out + 1] = open .. ">"
      out[#out + 1] = ('    <failure type="%s" message="%s"/>'):format(
        M.escape(case.error.code), M.escape(case.error.message))
      out[#out + 1] = "  </testcase>"
    elseif case.status == "skipped" then
      out[#out + 1] = open .. "><skipped/></testcase>"
    elseif case.status == "cancelled" then
      out[#out + 1] = open .. ('><skipped message="cancelled: %s"/></testcase>'):format(M.escape(case.reason or ""))
    else
      out[#out + 1] = open .. ('><system-out>%s</system-out></testcase>'):format(
        M.escape(table.concat(case.changes, "\n")))
    end
  end
  out[#out + 1] = "</testsuite></testsuites>"
  return table.concat(out, "\n") .. "\n"
end

--- Returns the event handler: it collects targets and returns the document at the end.
function M.reporter()
  local suite, cases = "keyshare", {}
  return function(event)
    if event.type == "run_started" then
      suite = event.playbook
    elseif event.type == "target_finished" then
      cases[#cases + 1] = event
    elseif event.type == "run_finished" then
      return M.render(suite, cases, event.duration_ms)
    end
  end
end

M.provides = { reporter = { run = M.reporter, doc = "JUnit XML, one test case per target" } }

return M
