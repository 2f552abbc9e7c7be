-- wrk prints these lines at the end of a run; bench/run.py reads them (latencies in microseconds).
done = function(summary, latency, requests)
  io.write(string.format("BENCH rps %.2f\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("BENCH p%d %d\n", p, latency:percentile(p)))
  end
end
