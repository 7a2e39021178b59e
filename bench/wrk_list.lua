-- wrk script: GET /api/v1/activities?limit=50 with sector, place, status and q drawn at random on
-- every request, so the response cache cannot answer (scripts/run-bench-access). Run from the
-- repository root (loads bench/wrk_report.lua).
dofile("bench/wrk_report.lua")

local sectors = {"FSC", "HEA", "WSH", "SHL", "NUT", "EDU", "PRO", "COR", "CSH", "ERY", "CCCM"}
local places = {"AFG"}
for i = 1, 34 do places[#places + 1] = string.format("AF%02d", i) end
local statuses = {"ongoing", "completed", "planned"}
local words = {"water", "health", "school", "relief", "women", "nutrition", "shelter", "cash"}

local thread_count = 0
function setup(thread)
  thread:set("thread_id", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  math.randomseed(2000 + (thread_id or 0))
end

local function pick(list) return list[math.random(#list)] end

function request()
  local q = {"limit=50"}
  if math.random() < 0.6 then q[#q + 1] = "sector=" .. pick(sectors) end
  if math.random() < 0.7 then q[#q + 1] = "place=" .. pick(places) end
  if math.random() < 0.3 then q[#q + 1] = "status=" .. pick(statuses) end
  if math.random() < 0.3 then q[#q + 1] = "q=" .. pick(words) end
  return wrk.format("GET", "/api/v1/activities?" .. table.concat(q, "&"))
end
