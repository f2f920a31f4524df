// What a reader would see go wrong in the page's layout at the current viewport, as JSON (BookLayoutTest.Layout).
(() => {
  const viewport = document.documentElement.clientWidth;
  // "#section-id tag.class": where an element is, for a message
  const where = el => {
    const section = el.closest('.sect1, .sect2, .sect3, #header, #toc, #footer');
    const anchor = section && (section.querySelector('h2[id], h3[id], h4[id]') || section);
    return (anchor && anchor.id ? '#' + anchor.id : 'the page') + ' ' + el.tagName.toLowerCase()
      + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  };
  const text = el => (el.textContent || el.alt || '').trim().replace(/\s+/g, ' ').slice(0, 60);
  // inside a box that scrolls or clips on its own (a code block), and that box fits: the page does not scroll
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= viewport + 1) return true;
    }
    return false;
  };
  const sticksOut = el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > viewport + 1 && getComputedStyle(el).position !== 'fixed' && !clipped(el);
  };
  // the outermost elements that reach past the right edge: what makes the page scroll sideways
  const overflowing = [...document.body.querySelectorAll('*')]
    .filter(el => sticksOut(el) && !(el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement)))
    .map(el => ({where: where(el), right: Math.round(el.getBoundingClientRect().right), text: text(el)}));
  const blocks = [...document.querySelectorAll('pre')].filter(p => p.getClientRects().length > 0);
  // code blocks with lines longer than their box: they scroll inside it; the lines, measured in the block's font
  const canvas = document.createElement('canvas').getContext('2d');
  const tooWide = blocks.filter(p => p.scrollWidth > p.clientWidth + 1).map(p => {
    const style = getComputedStyle(p);
    canvas.font = style.font;
    const room = p.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const lines = p.textContent.split('\n').filter(line => canvas.measureText(line).width > room + 1);
    return {where: where(p), scrollWidth: p.scrollWidth, clientWidth: p.clientWidth, lines};
  });
  // code blocks that would wrap a long line instead of scrolling
  const wrapping = blocks.filter(p => !['pre', 'nowrap'].includes(getComputedStyle(p).whiteSpace))
    .map(p => ({where: where(p), whiteSpace: getComputedStyle(p).whiteSpace, text: text(p)}));
  // the pictures, where they are on the page (for a screenshot of each) and how big they are drawn
  const diagrams = [...document.querySelectorAll('.imageblock img')].map(img => {
    const r = img.getBoundingClientRect();
    const title = img.closest('.imageblock').querySelector('.title');
    return {where: where(img), title: title ? title.textContent : '', alt: img.alt,
            svg: img.src.startsWith('data:image/svg+xml'), naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight,
            x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height};
  });
  return {viewport, pageWidth: document.documentElement.scrollWidth, overflowing, tooWide, wrapping, diagrams};
})()
