-- wrk script: GET /api/v1/activities/summary with by=, sector, place, q and from drawn at random
-- on every request, so no two requests in a row ask the same question and no response cache can
-- answer them (scripts/run-bench). Run from the repository root (loads bench/wrk_report.lua).
dofile("bench/wrk_report.lua")

local bys = {"adm1", "adm2", "sector", "org", "adm1,sector", "sector,adm1", "adm2,sector",
             "org,sector", "adm1,org"}
local sectors = {"FSC", "HEA", "WSH", "SHL", "NUT", "EDU", "PRO", "COR", "CSH", "ERY", "CCCM"}
local places = {"AFG", "GTM"}  -- every adm1 p-code of the demo data, and the two countries
for i = 1, 34 do places[#places + 1] = string.format("AF%02d", i) end
for i = 1, 22 do places[#places + 1] = string.format("GT%02d", i) end
local words = {"organization", "development", "afghan", "humanitarian", "international",
               "association", "health", "relief", "committee", "eastern", "western", "north",
               "women", "save", "world", "fund", "care", "central", "nacional", "agency"}

local thread_count = 0
function setup(thread)
  thread:set("thread_id", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  math.randomseed(1000 + (thread_id or 0))
end

local function pick(list) return list[math.random(#list)] end

function request()
  local q = {"by=" .. pick(bys)}
  if math.random() < 0.6 then q[#q + 1] = "sector=" .. pick(sectors) end
  if math.random() < 0.6 then q[#q + 1] = "place=" .. pick(places) end
  if math.random() < 0.4 then q[#q + 1] = "q=" .. pick(words) end
  if math.random() < 0.5 then
    q[#q + 1] = string.format("from=2021-%02d-%02d", math.random(12), math.random(28))
  end
  return wrk.format("GET", "/api/v1/activities/summary?" .. table.concat(q, "&"))
end
