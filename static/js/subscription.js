// Live totals on the subscription steps. The server recomputes everything; this only helps
// the member see what they are signing while they type.
(function () {
  var euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
  function fmt(cents) {
    return euros.format(cents / 100);
  }

  // "75", "75,5", "75,50 €", "1 234,56" → cents, or null.
  function parseEuros(text) {
    var s = String(text)
      .replace(/[\s\u00a0\u202f€]/g, '')
      .replace(',', '.');
    if (s === '') return 0;
    if (!/^\d+(\.\d{0,2})?$/.test(s)) return null;
    var parts = s.split('.');
    return Number(parts[0]) * 100 + Number(((parts[1] || '') + '00').slice(0, 2));
  }

  // − / + buttons next to each quantity.
  document.querySelectorAll('.stepper').forEach(function (stepper) {
    var input = stepper.querySelector('input');
    stepper.querySelectorAll('button[data-step]').forEach(function (b) {
      b.addEventListener('click', function () {
        var v = (parseInt(input.value, 10) || 0) + Number(b.getAttribute('data-step'));
        var max = Number(input.max) || 99;
        input.value = String(Math.max(0, Math.min(max, v)));
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
    });
  });

  var form = document.querySelector('form.quantities');
  if (form) {
    var deliveries = Number(form.getAttribute('data-deliveries')) || 0;
    var fixed = form.getAttribute('data-kind') === 'fixed';
    var update = function () {
      var sum = 0;
      form.querySelectorAll('input[data-price]').forEach(function (i) {
        var q = parseInt(i.value, 10);
        if (q > 0) sum += q * Number(i.getAttribute('data-price'));
      });
      var perDelivery = form.querySelector('[data-total="delivery"]');
      if (perDelivery) perDelivery.textContent = fmt(sum);
      form.querySelector('[data-total="season"]').textContent = fmt(fixed ? sum * deliveries : sum);
    };
    form.addEventListener('input', update);
    update();
  }

  var schedule = document.querySelector('form.schedule-form');
  if (schedule) {
    // What the cheques must cover: the total minus credits, as the server saves it.
    var payable = Number(schedule.getAttribute('data-payable'));
    var computed = schedule.querySelector('[data-computed="1"]');
    var confirm = schedule.querySelector('button[value="confirmer"]');
    var totalLine = schedule.querySelector('[data-total-line]');
    var overpaidLine = schedule.querySelector('[data-overpaid-line]');
    var recalculate = schedule.querySelector('[data-recalculate]');
    // The last cheque follows live: the no-JavaScript way round is not needed.
    if (recalculate) recalculate.hidden = true;
    // The server's "trop payé" message on the computed line is replaced by the live one below.
    if (computed) {
      computed
        .closest('li')
        .querySelectorAll('.field-error')
        .forEach(function (e) {
          if (/^Trop payé/.test(e.textContent)) e.remove();
        });
    }
    var recompute = function () {
      if (!computed) return;
      var others = 0;
      var bad = false;
      schedule.querySelectorAll('.schedule li').forEach(function (li) {
        var input = li.querySelector('input');
        var fixedAmount = li.querySelector('[data-cents]');
        if (input) {
          var c = parseEuros(input.value);
          if (c === null) bad = true;
          else others += c;
        } else if (fixedAmount && fixedAmount !== computed) {
          others += Number(fixedAmount.getAttribute('data-cents'));
        }
      });
      var last = payable - others;
      var overpaid = !bad && last < 0;
      computed.textContent = bad ? '—' : fmt(last);
      computed.classList.toggle('negative', overpaid);
      var li = computed.closest('li');
      var msg = li.querySelector('.live-error');
      if (overpaid) {
        if (!msg) {
          msg = document.createElement('small');
          msg.className = 'field-error live-error';
          li.appendChild(msg);
        }
        // The same words as the server's (domain/payment-schedule.ts, validateSchedule).
        msg.textContent = 'Trop payé : vos chèques font ' + fmt(others) + ' pour un total de ' + fmt(payable) + '.';
      } else if (msg) {
        msg.remove();
      }
      // "Total" alone would mislead once the cheques exceed it: both numbers, and no confirming.
      if (totalLine && overpaidLine) {
        totalLine.hidden = overpaid;
        overpaidLine.hidden = !overpaid;
        overpaidLine.querySelector('[data-overpaid-cheques]').textContent = fmt(others);
      }
      if (confirm) {
        confirm.disabled = overpaid;
        if (overpaid) confirm.setAttribute('aria-describedby', 'overpaid');
        else confirm.removeAttribute('aria-describedby');
      }
    };
    schedule.addEventListener('input', recompute);
    recompute();
  }
})();
