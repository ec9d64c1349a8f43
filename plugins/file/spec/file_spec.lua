-- Specs of the file inventory's parsers and filters.
return {
  ["CSV rows become targets with tags"] = function(spec)
    local file = spec.plugin("file")
    local targets = file.parse_csv("id,name,folder,tags\n2000000000000001,app,fd-prod,env=prod;team=a\n")
    assert(#targets == 1 and targets[1].id == "2000000000000001" and targets[1].tags.team == "a")
  end,

  ["YAML lists and folder/tag filters"] = function(spec)
    local file = spec.plugin("file")
    local filter = require("_lib.keyshare.filter")
    local targets = file.parse_yaml([[
accounts:
  - { id: "2000000000000001", name: a, folder: fd-prod, tags: { env: prod } }
  - { id: "2000000000000002", name: b, folder: fd-dev, tags: { env: dev } }
]])
    assert(#targets == 2)
    local kept = filter.apply(targets, { folder = "fd-prod", tags = { "env=prod" } })
    assert(#kept == 1 and kept[1].name == "a")
  end,
}
