(minText) => {
  // What keeps the page's tables and charts from fitting its screen: see check_fits_phone in crawl.py.
  const problems = [];
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + [...el.classList].map((c) => "." + c).join("");
  // Hidden on purpose: visually hidden for screen readers (clipped), or not displayed.
  const clipped = (el, stop) => {
    for (let node = el; node && node !== stop; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === "none" || (style.clip !== "auto" && style.position === "absolute")
          || style.clipPath !== "none") return true;
    }
    return false;
  };
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const text = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll(".visually-hidden").forEach((hidden) => hidden.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  };
  document.querySelectorAll("main table").forEach((table, number) => {
    const label = `table ${number + 1} (${(table.caption ? table.caption.textContent : "no caption").trim().slice(0, 60)})`;
    for (const box of [table, table.parentElement]) {
      if (box.scrollWidth > box.clientWidth + 1) {
        problems.push(`${label}: ${name(box)} scrolls sideways (${box.scrollWidth}px of content in ${box.clientWidth}px)`);
      }
    }
    const edge = table.getBoundingClientRect();
    for (const el of table.querySelectorAll("*")) {
      if (clipped(el, table)) continue;
      const box = el.getBoundingClientRect();
      if (box.width > width || box.right > Math.min(width, edge.right) + 1 || box.left < Math.max(0, edge.left) - 1) {
        problems.push(`${label}: ${name(el)} spans ${Math.round(box.left)}px to ${Math.round(box.right)}px, outside the table or the screen`);
        break;
      }
    }
    const headings = table.tHead ? [...table.tHead.rows].pop() : null;
    const columns = [];
    if (headings) for (const th of headings.cells) for (let span = 0; span < th.colSpan; span++) columns.push(th);
    for (const body of table.tBodies) for (const row of body.rows) {
      let column = 0;
      for (const cell of row.cells) {
        const heading = columns[column];
        column += cell.colSpan;
        if (clipped(cell, table) || !shown(cell)) {
          problems.push(`${label}: a cell is not shown ("${text(cell).slice(0, 40)}")`);
          continue;
        }
        if (!heading || cell.colSpan > 1 || cell.tagName === "TH" || !text(heading)) continue;
        if (!clipped(heading, table) && shown(heading)) continue;
        const before = getComputedStyle(cell, "::before");
        const labelled = cell.dataset.label && cell.dataset.label.replace(/\s+/g, " ").trim() === text(heading)
          && before.display !== "none" && before.content !== "none" && before.content !== "normal";
        if (!labelled) {
          problems.push(`${label}: the column "${text(heading)}" is hidden and its cell "${text(cell).slice(0, 40)}" carries no label`);
          return;
        }
      }
    }
  });
  document.querySelectorAll("main svg").forEach((svg, number) => {
    const label = `chart ${number + 1} (${(svg.querySelector("title") || svg).textContent.trim().slice(0, 60)})`;
    const box = svg.getBoundingClientRect();
    if (box.right > width + 1 || box.left < -1) problems.push(`${label}: drawn ${Math.round(box.width)}px wide, past the screen`);
    for (let node = svg.parentElement; node && node !== document.body; node = node.parentElement) {
      if (node.scrollWidth > node.clientWidth + 1 && getComputedStyle(node).overflowX !== "visible") {
        problems.push(`${label}: ${name(node)} scrolls sideways (${node.scrollWidth}px of content in ${node.clientWidth}px)`);
        break;
      }
    }
    let smallest = Infinity;
    for (const words of svg.querySelectorAll("text")) {
      if (!words.textContent.trim()) continue;
      const matrix = words.getScreenCTM();
      const scale = matrix ? Math.hypot(matrix.a, matrix.b) : 1;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(words).fontSize) * scale);
    }
    if (smallest < minText) problems.push(`${label}: its smallest text is drawn ${smallest.toFixed(1)}px high, under ${minText}px`);
  });
  return problems;
}
