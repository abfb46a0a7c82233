-- wrk script: every request a new SMS through Kannel's get-url (a unique message id and a new sender), so each one
-- is stored durably and runs the whole conversation. KANNEL_TOKEN (optional) is the `kannel.token` of the server.
counter = 0
local texts = {"office%20kab%20khulta%20hai", "no%20water%20in%20block%206", "maji%20hakuna%20mtaani", "status%20CMP-2026-000001"}
local token = os.getenv("KANNEL_TOKEN")
local auth = token and ("token=" .. token .. "&") or ""
request = function()
  counter = counter + 1
  local path = "/webhook/kannel?" .. auth .. "sender=%2B2547" .. wrk.thread:get("id") .. string.format("%08d", counter) ..
    "&receiver=8080&id=" .. wrk.thread:get("id") .. "-" .. counter .. "&text=" .. texts[(counter % #texts) + 1]
  return wrk.format("GET", path)
end
setup = function(thread) thread:set("id", tostring(math.random(1, 1e6))) end
