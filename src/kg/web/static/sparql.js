// YASGUI against this service's endpoint only: no endpoint list, no autocompletion that asks
// other servers (LOV), no result view that loads map tiles; the page's own query opens.
(function () {
  var element = document.getElementById("yasgui");
  if (!element || typeof Yasgui === "undefined") { return; }
  var endpoint = new URL(element.dataset.endpoint, window.location.href).href;
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasr.defaults.pluginOrder = ["table", "response"];
  Yasgui.Yasr.defaults.defaultPlugin = "table";
  var yasgui = new Yasgui(element, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: null,
    populateFromUrl: false,
  });
  var tab = yasgui.getTab();
  if (element.dataset.query) {
    tab.setQuery(element.dataset.query);
  }
  // YASGUI's own controls named for assistive technology (axe-core finds them unnamed)
  function name() {
    var names = [
      [".CodeMirror textarea", "SPARQL query"],
      ["input.autocomplete", "SPARQL endpoint"],
      ["select.tableSizer", "Rows per page"],
      [".yasr input[type=search], .dataTables_filter input", "Filter the results"],
    ];
    names.forEach(function (pair) {
      element.querySelectorAll(pair[0]).forEach(function (control) {
        if (!control.getAttribute("aria-label")) { control.setAttribute("aria-label", pair[1]); }
      });
    });
    element.querySelectorAll(".CodeMirror-scroll").forEach(function (region) {
      region.setAttribute("tabindex", "0");
    });
  }
  name();
  new MutationObserver(name).observe(element, { childList: true, subtree: true });
  // the address follows the query, so the page's own link is a permalink
  tab.getYasqe().on("change", function (yasqe) {
    var url = new URL(window.location.href);
    url.searchParams.set("query", yasqe.getValue());
    window.history.replaceState(null, "", url.toString());
  });
})();
