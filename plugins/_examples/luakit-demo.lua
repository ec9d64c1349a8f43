-- A tour of what a keyshare Lua script can do in the sandbox (LuaKit).
-- luacheck: read globals log
-- Run it with: scripts/keyshare run plugins/_examples/luakit-demo.lua [names...]
-- Arguments arrive as `...` and in the global `arg` table.

local names = { ... }
if #names == 0 then
  names = { "acct-111", "acct-222", "acct-333" }
end

log.info("luakit demo started with", #names, "accounts")

-- Tables: an array of records, sorted and summarised.
local accounts = {}
for index, name in ipairs(names) do
  accounts[#accounts + 1] = { name = name, keys = index * 2, region = "cn-hangzhou" }
end
table.sort(accounts, function(a, b) return a.keys > b.keys end)

local total = 0
for _, account in ipairs(accounts) do
  total = total + account.keys
  print(string.format("%-10s %-12s %2d keys", account.name, account.region, account.keys))
end
print(("total: %d keys across %d accounts"):format(total, #accounts))

-- String operations: patterns, gsub with a function, upper-casing.
local arn = "acs:kms:cn-hangzhou:1234567890:key/key-abc123"
local service, region, owner, resource = arn:match("^acs:(%w+):([%w-]+):(%d+):(.+)$")
print("parsed ARN:", service, region, owner, resource)
local masked = owner:gsub("%d", function(digit) return tonumber(digit) % 2 == 0 and "*" or digit end)
print("masked owner:", masked, "service:", service:upper())

-- Errors are values: pcall catches them, including error tables with a code.
local ok, err = pcall(function()
  error({ code = "Forbidden.KeyPolicy", message = "the key policy does not allow this account" })
end)
print("pcall caught:", ok, err.code, err.message)

local ok2, err2 = pcall(function() return nil .. "x" end)
log.warn("a caught runtime error:", ok2, err2)

-- The sandbox: dangerous functions are simply not there.
print("os.execute available:", os.execute ~= nil, "io available:", io ~= nil)

log.debug("only shown with --log-level debug")
log.info("luakit demo finished")
