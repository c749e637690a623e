function tally(input) {
  const teams = {};
  for (const line of input.split('\n')) {
    const [a, b, result] = line.split(';');
    if (!a || !b || !result) continue;
    for (const name of [a, b]) teams[name] = teams[name] || { name, mp: 0, w: 0, d: 0, l: 0, p: 0 };
    teams[a].mp++; teams[b].mp++;
    if (result === 'win') { teams[a].w++; teams[a].p += 3; teams[b].l++; }
    if (result === 'loss') { teams[b].w++; teams[b].p += 3; teams[a].l++; }
    if (result === 'draw') { teams[a].d++; teams[b].d++; teams[a].p++; teams[b].p++; }
  }
  const rows = Object.values(teams).sort((x, y) => y.p - x.p || x.name.localeCompare(y.name));
  const num = (n) => String(n).padStart(2);
  return ['Team'.padEnd(30) + ' | MP |  W |  D |  L |  P']
    .concat(rows.map((t) => [t.name.padEnd(30), num(t.mp), num(t.w), num(t.d), num(t.l), num(t.p)].join(' | ')))
    .join('\n');
}

module.exports = { tally };
