import { expect } from 'chai';
import { formatMessage } from '../../server/features/messages/message-format.js';

describe('message formatting (paragraphs, bold, lists, links; never the sender’s HTML)', () => {
  it('makes paragraphs of blank-line separated text and keeps line breaks inside one', () => {
    const m = formatMessage('Bonjour à tous,\r\nvoici les nouvelles.\n\n\nÀ jeudi !');
    expect(m.html).to.equal('<p>Bonjour à tous,<br>\nvoici les nouvelles.</p>\n<p>À jeudi !</p>');
    expect(m.text).to.equal('Bonjour à tous,\nvoici les nouvelles.\n\nÀ jeudi !');
  });

  it('writes **bold**, bullet and numbered lists', () => {
    const m = formatMessage('Au menu :\n- **carottes**\n- poireaux\n\n1. venir\n2. signer');
    expect(m.html).to.equal(
      '<p>Au menu :</p>\n<ul><li><strong>carottes</strong></li><li>poireaux</li></ul>\n<ol><li>venir</li><li>signer</li></ol>',
    );
    expect(m.text).to.equal('Au menu :\n\n- carottes\n- poireaux\n\n1. venir\n2. signer');
  });

  it('links http(s) and mailto addresses, not the punctuation after them, and nothing else', () => {
    const m = formatMessage(
      'Voir https://amap.test/planning. Ou [le site](https://exemple.fr/a?b=1&c=2), [écrire](mailto:a@b.fr) [piège](javascript:alert(1))',
    );
    expect(m.html).to.include(
      '<a href="https://amap.test/planning" style="color:#2f6b3a;">https://amap.test/planning</a>.',
    );
    expect(m.html).to.include('<a href="https://exemple.fr/a?b=1&amp;c=2" style="color:#2f6b3a;">le site</a>');
    expect(m.html).to.include('<a href="mailto:a@b.fr" style="color:#2f6b3a;">écrire</a>');
    expect(m.html).not.to.include('href="javascript');
    expect(m.text).to.include('le site (https://exemple.fr/a?b=1&c=2)');
  });

  it('escapes whatever HTML the sender typed', () => {
    const m = formatMessage('<script>alert("x")</script> <b onclick=\'y\'>gras</b> & co');
    expect(m.html).to.equal(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b onclick=&#39;y&#39;&gt;gras&lt;/b&gt; &amp; co</p>',
    );
    expect(m.text).to.equal('<script>alert("x")</script> <b onclick=\'y\'>gras</b> & co');
  });
});
