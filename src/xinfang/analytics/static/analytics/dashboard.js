/* Dashboard charts (ECharts, vendored). Every bar opens the list of petitions behind it. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var font = getComputedStyle(document.documentElement).fontFamily;
  var charts = [];

  function chart(id, option, urls) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") { return; }
    var c = echarts.init(el, null, { renderer: "svg" });
    option.textStyle = { fontFamily: font };
    c.setOption(option);
    c.on("click", function (p) { if (urls[p.dataIndex]) { window.location.href = urls[p.dataIndex]; } });
    charts.push(c);
  }

  function hbar(id, rows, name, suffix) {
    var r = rows.slice().reverse();
    chart(id, {
      grid: { left: 8, right: 110, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
        formatter: function (ps) { var x = r[ps[0].dataIndex];
          return x.name + "<br>" + name + "：" + x.value + (suffix || "") +
            (x.change ? "<br>环比：" + x.change : "") + (x.n ? "<br>样本量：" + x.n + " 件" : ""); } },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: r.map(function (x) { return x.name; }) },
      series: [{ type: "bar", name: name, data: r.map(function (x) { return x.value; }),
        itemStyle: { color: "#1f5fa8" }, label: { show: true, position: "right",
          formatter: function (p) { var x = r[p.dataIndex]; return x.value + (suffix || "") + (x.n ? "（" + x.n + "件）" : ""); } } }]
    }, r.map(function (x) { return x.url; }));
  }

  var t = data.trend;
  chart("chart-trend", {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { data: ["信访量", "上年同期"], top: 0 },
    tooltip: { trigger: "axis", formatter: function (ps) { var i = ps[0].dataIndex;
      return t.labels[i] + "<br>信访量：" + t.values[i] + " 件<br>上年同期：" + t.year_before[i] +
        " 件<br>环比：" + t.mom[i] + "<br>同比：" + t.yoy[i]; } },
    xAxis: { type: "category", data: t.labels },
    yAxis: { type: "value", name: "件" },
    series: [
      { name: "信访量", type: "bar", data: t.values, itemStyle: { color: "#1f5fa8" } },
      { name: "上年同期", type: "line", data: t.year_before, itemStyle: { color: "#9aa5b1" } }
    ]
  }, t.urls);
  hbar("chart-categories", data.categories, "信访量", " 件");
  hbar("chart-streets", data.streets, "信访量", " 件");
  hbar("chart-ranking", data.ranking, data.rank_label, "%");
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
