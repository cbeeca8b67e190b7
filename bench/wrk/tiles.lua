-- wrk script for the GeoToolz benchmark harness (wrk 4.1.0, LuaJIT).
--
-- Environment:
--   BENCH_PATHS    file of request paths, one "group<TAB>path" per line
--   BENCH_THREADS  the -t given to wrk (setup() runs before all threads exist)
--   BENCH_MODE     "list": each thread requests its share of the groups once, in order, then stops
--                  "cycle": each thread cycles over every path until wrk's -d ends
--   BENCH_DONE     list mode: a file each thread appends one line to once its share is answered
--
-- response() counts statuses and X-Cache values; done() prints one line "BENCH_JSON {...}"
-- with the run's figures, the active window (first request sent to last response, measured
-- with clock_gettime(CLOCK_MONOTONIC) through LuaJIT's ffi) included.

local ffi = require("ffi")

-- Guarded: the script is loaded once per Lua state, but a redefinition would abort it.
pcall(ffi.cdef, [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("bench_timespec")

-- Microseconds on the monotonic clock, comparable between threads of one process.
local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000000 + tonumber(timespec.tv_nsec) / 1000
end

-- A parked connection waits this long: far beyond any -d, so it never sends again.
local PARKED_MS = 24 * 3600 * 1000

-- Setup phase (main Lua state) ---------------------------------------------------------------

local threads = {}
local groups = nil

-- The groups of the paths file in order; each group is a list of paths.
local function read_groups(file_name)
  local file = assert(io.open(file_name, "r"), "cannot open BENCH_PATHS " .. tostring(file_name))
  local result, index_of = {}, {}
  for line in file:lines() do
    local group, path = line:match("^([^\t]*)\t(.+)$")
    if group then
      if not index_of[group] then
        result[#result + 1] = {}
        index_of[group] = #result
      end
      local members = result[index_of[group]]
      members[#members + 1] = path
    end
  end
  file:close()
  return result
end

function setup(thread)
  groups = groups or read_groups(os.getenv("BENCH_PATHS"))
  local count = tonumber(os.getenv("BENCH_THREADS") or "1")
  local id = #threads
  threads[#threads + 1] = thread
  local share = {}
  if os.getenv("BENCH_MODE") == "cycle" then
    -- Every thread cycles over all paths; each starts at its own offset.
    for g = 1, #groups do
      for _, path in ipairs(groups[g]) do share[#share + 1] = path end
    end
  else
    -- Whole groups round-robin, so a group (a map pan) stays in one thread and in order.
    for g = id + 1, #groups, count do
      for _, path in ipairs(groups[g]) do share[#share + 1] = path end
    end
  end
  thread:set("thread_id", id)
  thread:set("thread_count", count)
  thread:set("paths", share)
end

-- Running phase (one Lua state per thread) ---------------------------------------------------

local requests = {}
local reserved, sent = 0, 0
received = 0
first_us, last_us = nil, nil
statuses = {}
x_cache = {}
local done_file = nil

-- Records this thread's share as answered and stops its event loop.
local function finish()
  if done_file then
    local file = io.open(done_file, "a")
    if file then
      file:write(tostring(thread_id), "\n")
      file:close()
    end
    done_file = nil
  end
  wrk.thread:stop()
end

function init(args)
  for i, path in ipairs(paths) do requests[i] = wrk.format(nil, path) end
  if os.getenv("BENCH_MODE") == "cycle" then
    -- wrk checks for delay() after init(): without it, no timer sits before each request.
    delay = nil
    sent = math.floor(#requests * thread_id / thread_count)
  else
    done_file = os.getenv("BENCH_DONE")
  end
end

-- List mode: a connection takes the next unsent path, or parks once the share is taken.
function delay()
  if reserved < #requests then
    reserved = reserved + 1
    return 0
  end
  if received >= #requests then finish() end
  return PARKED_MS
end

function request()
  if not first_us then first_us = now_us() end
  if delay then
    sent = sent + 1
    -- Past the share only when a failed connection resends; repeat the last path then.
    return requests[sent] or requests[#requests]
  end
  sent = sent % #requests + 1
  return requests[sent]
end

function response(status, headers, body)
  last_us = now_us()
  received = received + 1
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local source = headers["X-Cache"] or "none"
  x_cache[source] = (x_cache[source] or 0) + 1
  if delay and received >= #requests then finish() end
end

-- Done phase (main Lua state) ----------------------------------------------------------------

local function json_value(value)
  local kind = type(value)
  if kind == "table" then
    local parts = {}
    for key, item in pairs(value) do
      parts[#parts + 1] = string.format("%q:%s", tostring(key), json_value(item))
    end
    return "{" .. table.concat(parts, ",") .. "}"
  elseif kind == "number" then
    if value ~= value or value == math.huge or value == -math.huge then return "null" end
    return string.format("%.17g", value)
  elseif kind == "boolean" then
    return tostring(value)
  elseif kind == "nil" then
    return "null"
  end
  return string.format("%q", tostring(value))
end

function done(summary, latency, requests_stats)
  local first, last = nil, nil
  local answered, listed, finished = 0, 0, 0
  local all_statuses, all_x_cache = {}, {}
  for _, thread in ipairs(threads) do
    local thread_first, thread_last = thread:get("first_us"), thread:get("last_us")
    if thread_first and (not first or thread_first < first) then first = thread_first end
    if thread_last and (not last or thread_last > last) then last = thread_last end
    local thread_received = thread:get("received") or 0
    local thread_paths = thread:get("paths") or {}
    answered = answered + thread_received
    listed = listed + #thread_paths
    if thread_received >= #thread_paths then finished = finished + 1 end
    for status, count in pairs(thread:get("statuses") or {}) do
      all_statuses[status] = (all_statuses[status] or 0) + count
    end
    for source, count in pairs(thread:get("x_cache") or {}) do
      all_x_cache[source] = (all_x_cache[source] or 0) + count
    end
  end
  local result = {
    requests = summary.requests,
    responses_seen = answered,
    listed = listed,
    threads_finished = finished,
    threads = #threads,
    bytes = summary.bytes,
    wrk_duration_us = summary.duration,
    active_us = (first and last) and (last - first) or 0,
    errors = {
      connect = summary.errors.connect, read = summary.errors.read, write = summary.errors.write,
      timeout = summary.errors.timeout, status = summary.errors.status,
    },
    statuses = all_statuses,
    x_cache = all_x_cache,
    latency_us = {
      p50 = latency:percentile(50), p90 = latency:percentile(90), p99 = latency:percentile(99),
      max = latency.max, mean = latency.mean,
    },
  }
  io.write("BENCH_JSON ", json_value(result), "\n")
end
