// Copy buttons for citations: shown only where a script runs; the text is on the page anyway.
document.querySelectorAll("button.copy").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(button.previousElementSibling.textContent).then(function () {
      var was = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = was; }, 1500);
    });
  });
});
