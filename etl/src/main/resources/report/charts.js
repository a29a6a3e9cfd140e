// dropscope report charts: plain canvas drawing, no library and no network.
// Reads the report JSON embedded in the page, draws each <canvas data-chart="…">, and records on
// each canvas how many pixels it drew (data-drawn-pixels) and on <html> how many charts it drew.
(function () {
  "use strict";
  var report = JSON.parse(document.getElementById("report-data").textContent);
  var rows = function (id) { return (report.sections[id] || { rows: [] }).rows; };
  var palette = ["#2f6db5", "#d9822b", "#3a9a5b", "#b8453c", "#7b5ea7", "#8c6d46", "#c2569b", "#5f8f99"];

  function setup(canvas) {
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.font = "12px sans-serif";
    return ctx;
  }

  function noData(canvas) {
    var ctx = setup(canvas);
    ctx.fillStyle = "#666666";
    ctx.fillText("no data yet", canvas.width / 2 - 30, canvas.height / 2);
  }

  function fmt(v) {
    var a = Math.abs(v);
    if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
    if (a >= 1e3) return (v / 1e3).toFixed(1) + "k";
    if (a >= 10) return v.toFixed(0);
    return v.toFixed(2);
  }

  // Frame with y ticks; returns a mapping from data to pixels.
  function frame(ctx, w, h, yMin, yMax) {
    var left = 56, right = 12, top = 12, bottom = 28;
    if (yMax === yMin) { yMax = yMin + 1; }
    var span = yMax - yMin;
    ctx.strokeStyle = "#dddddd";
    ctx.fillStyle = "#444444";
    for (var i = 0; i <= 4; i++) {
      var v = yMin + span * i / 4;
      var y = h - bottom - (h - top - bottom) * i / 4;
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(w - right, y); ctx.stroke();
      ctx.fillText(fmt(v), 4, y + 4);
    }
    return {
      x0: left, x1: w - right,
      y: function (v) { return h - bottom - (h - top - bottom) * (v - yMin) / span; },
      base: h - bottom
    };
  }

  function lineChart(canvas, series) {
    series.forEach(function (s) { s.points = s.points.filter(finite); });
    var all = [];
    series.forEach(function (s) { s.points.forEach(function (p) { all.push(p); }); });
    if (all.length === 0) { noData(canvas); return; }
    var ctx = setup(canvas);
    var xs = all.map(function (p) { return p[0]; }), ys = all.map(function (p) { return p[1]; });
    var xMin = Math.min.apply(null, xs), xMax = Math.max.apply(null, xs);
    var f = frame(ctx, canvas.width, canvas.height, Math.min(0, Math.min.apply(null, ys)), Math.max.apply(null, ys));
    var x = function (v) { return xMax === xMin ? (f.x0 + f.x1) / 2 : f.x0 + (f.x1 - f.x0) * (v - xMin) / (xMax - xMin); };
    ctx.fillStyle = "#444444";
    ctx.fillText(new Date(xMin).toISOString().slice(0, 10), f.x0, canvas.height - 8);
    ctx.fillText(new Date(xMax).toISOString().slice(0, 10), f.x1 - 64, canvas.height - 8);
    series.forEach(function (s, i) {
      ctx.strokeStyle = palette[i % palette.length];
      ctx.lineWidth = 2;
      ctx.beginPath();
      s.points.forEach(function (p, j) {
        if (j === 0) ctx.moveTo(x(p[0]), f.y(p[1])); else ctx.lineTo(x(p[0]), f.y(p[1]));
      });
      if (s.points.length === 1) { ctx.arc(x(s.points[0][0]), f.y(s.points[0][1]), 3, 0, 7); }
      ctx.stroke();
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fillText(s.name, f.x0 + 8 + 110 * i, 14);
    });
  }

  function barChart(canvas, labels, groups) {
    if (labels.length === 0) { noData(canvas); return; }
    var ctx = setup(canvas);
    var values = [];
    groups.forEach(function (g) { g.values.forEach(function (v) { values.push(v || 0); }); });
    var f = frame(ctx, canvas.width, canvas.height, Math.min(0, Math.min.apply(null, values)), Math.max(0, Math.max.apply(null, values)));
    var slot = (f.x1 - f.x0) / labels.length, bar = slot * 0.8 / groups.length;
    labels.forEach(function (label, i) {
      groups.forEach(function (g, k) {
        var v = g.values[i] || 0, y0 = f.y(0), y1 = f.y(v);
        ctx.fillStyle = palette[k % palette.length];
        ctx.fillRect(f.x0 + slot * i + slot * 0.1 + bar * k, Math.min(y0, y1), Math.max(bar - 2, 1), Math.max(Math.abs(y1 - y0), 1));
      });
      ctx.fillStyle = "#444444";
      ctx.fillText(String(label).slice(0, 14), f.x0 + slot * i + 2, canvas.height - 8);
    });
    groups.forEach(function (g, k) {
      ctx.fillStyle = palette[k % palette.length];
      ctx.fillText(g.name, f.x0 + 8 + 110 * k, 14);
    });
  }

  // RFC 3339 times, or plain dates (midnight UTC)
  function time(t) { return Date.parse(/T/.test(t) ? t : t + "T00:00:00Z"); }
  function finite(p) { return isFinite(p[0]) && isFinite(p[1]); }

  var charts = {
    portfolio_value: function (c) {
      lineChart(c, [{ name: "value (USD)", points: rows("portfolio_value").map(function (r) { return [time(r.ts), r.value_usd]; }) }]);
    },
    claims_daily: function (c) {
      var by = {};
      rows("claims_daily").forEach(function (r) {
        (by[r.protocol] = by[r.protocol] || []).push([time(r.day), r.success_rate]);
      });
      lineChart(c, Object.keys(by).sort().map(function (p) { return { name: p, points: by[p] }; }));
    },
    protocol_profit: function (c) {
      var r = rows("protocols");
      barChart(c, r.map(function (x) { return x.protocol; }), [
        { name: "revenue (USD)", values: r.map(function (x) { return x.revenue_usd; }) },
        { name: "cost (USD)", values: r.map(function (x) { return x.cost_usd; }) }
      ]);
    },
    protocol_roi: function (c) {
      var r = rows("protocols");
      barChart(c, r.map(function (x) { return x.protocol; }), [
        { name: "ROI", values: r.map(function (x) { return x.roi; }) }
      ]);
    }
  };

  var drawn = 0;
  Array.prototype.forEach.call(document.querySelectorAll("canvas[data-chart]"), function (canvas) {
    charts[canvas.getAttribute("data-chart")](canvas);
    var px = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data, inked = 0;
    for (var i = 0; i < px.length; i += 4) {
      if (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250) inked++;
    }
    canvas.setAttribute("data-drawn-pixels", String(inked));
    drawn++;
  });
  document.documentElement.setAttribute("data-charts-drawn", String(drawn));
})();
