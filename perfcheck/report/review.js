// perfcheck review page: jump from the list to a finding, show a finding's details on click, filter the list.
// Details are copied from the list's escaped markup; nothing here builds markup from text.
(function () {
  "use strict";
  var doc = document.getElementById("doc");
  var side = document.getElementById("side");
  var pop = document.getElementById("pop");
  var items = Array.prototype.slice.call(side.querySelectorAll("li.item"));
  var byNumber = {};
  items.forEach(function (li) { byNumber[li.getAttribute("data-f")] = li; });
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function numbersOf(el) { return (el.getAttribute("data-f") || "").split(" ").filter(Boolean); }
  function targetOf(number) { return doc.querySelector('[data-f~="' + number + '"]:not(.muted)') || doc.querySelector('[data-f~="' + number + '"]'); }

  function hidePop() { pop.hidden = true; pop.textContent = ""; }
  function showPop(el) {
    var shown = numbersOf(el).filter(function (n) { return byNumber[n] && !byNumber[n].hidden; });
    if (!shown.length) { hidePop(); return; }
    pop.textContent = "";
    shown.forEach(function (n) { pop.appendChild(byNumber[n].querySelector(".detail").cloneNode(true)); });
    pop.hidden = false;
    var box = el.getBoundingClientRect();
    var left = Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8);
    pop.style.left = Math.max(8, left) + "px";
    pop.style.top = (box.bottom + window.scrollY + 6) + "px";
  }
  function select(number) {
    items.forEach(function (li) { li.classList.toggle("current", li.getAttribute("data-f") === number); });
  }
  function jump(number) {
    var target = targetOf(number);
    if (!target) { return; }
    target.scrollIntoView({ block: "center", behavior: reduced ? "auto" : "smooth" });
    target.classList.remove("flash");
    void target.offsetWidth;  // restart the animation when the same finding is chosen twice
    target.classList.add("flash");
    select(number);
    hidePop();
  }

  items.forEach(function (li) {
    li.querySelector("a.jump").addEventListener("click", function (event) {
      event.preventDefault();
      var number = li.getAttribute("data-f");
      jump(number);
      if (history.replaceState) { history.replaceState(null, "", "#f-" + number); }
    });
  });
  doc.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-f]") : null;
    if (!el || el.classList.contains("muted")) { hidePop(); return; }
    showPop(el);
    select(numbersOf(el)[0]);
  });
  doc.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.hasAttribute && event.target.hasAttribute("data-f")) { showPop(event.target); }
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { hidePop(); } });
  window.addEventListener("resize", hidePop);

  var boxes = Array.prototype.slice.call(side.querySelectorAll(".filters input"));
  var shownLine = side.querySelector(".shown");
  function applyFilters() {
    var wanted = { severity: {}, rule: {} };
    boxes.forEach(function (box) { if (box.checked) { wanted[box.name][box.value] = true; } });
    var visible = 0;
    items.forEach(function (li) {
      var show = !!wanted.severity[li.getAttribute("data-severity")] && !!wanted.rule[li.getAttribute("data-rule")];
      li.hidden = !show;
      if (show) { visible += 1; }
    });
    Array.prototype.forEach.call(doc.querySelectorAll("[data-f]"), function (el) {
      var live = numbersOf(el).some(function (n) { return byNumber[n] && !byNumber[n].hidden; });
      el.classList.toggle("muted", !live);
    });
    if (shownLine) { shownLine.textContent = "显示 " + visible + " / " + items.length + " 项"; }
    hidePop();
  }
  boxes.forEach(function (box) { box.addEventListener("change", applyFilters); });
  applyFilters();

  if (location.hash && /^#f-\d+$/.test(location.hash)) { jump(location.hash.slice(3)); }
})();
