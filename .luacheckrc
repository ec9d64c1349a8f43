-- luacheck configuration for plugins/ (run `luacheck plugins` from the repository root).
-- The binding modules are globals provided by the keyshare runner (see plugins/_meta/keyshare.lua);
-- plugins should prefer `require("kms")` etc., which returns the same tables.
std = "lua54"
max_line_length = 120
read_globals = { "kms", "ram", "sts", "ecs", "resourcemanager", "resourcesharing", "json", "yaml", "keyshare" }
-- The LuaLS stubs define the binding globals and document unused parameters.
files["plugins/_meta"] = {
  globals = { "kms", "ram", "sts", "ecs", "resourcemanager", "resourcesharing", "json", "yaml", "keyshare" },
  unused_args = false,
  max_line_length = false,
}
