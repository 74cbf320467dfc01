// "Copier les adresses": a button shown only when the browser can copy; the text stays selectable without it.
document.querySelectorAll('button[data-copy]').forEach(function (button) {
  var box = document.getElementById(button.getAttribute('data-copy'));
  if (!box || !navigator.clipboard) return;
  button.hidden = false;
  var label = button.textContent;
  button.addEventListener('click', function () {
    navigator.clipboard.writeText(box.value).then(
      function () {
        button.textContent = 'Adresses copiées';
        setTimeout(function () {
          button.textContent = label;
        }, 3000);
      },
      function () {
        box.select();
      },
    );
  });
});
