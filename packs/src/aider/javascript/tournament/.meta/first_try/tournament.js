function tally(input) {
  const teams = new Map();
  const team = (name) => {
    if (!teams.has(name)) teams.set(name, { name, mp: 0, w: 0, d: 0, l: 0, p: 0 });
    return teams.get(name);
  };
  for (const line of input.split('\n')) {
    const fields = line.split(';');
    if (fields.length !== 3) continue;
    const [a, b, result] = fields;
    if (result === 'win') {
      team(a).w++; team(b).l++;
    } else if (result === 'loss') {
      team(a).l++; team(b).w++;
    } else if (result === 'draw') {
      team(a).d++; team(b).d++;
    } else {
      continue;
    }
    team(a).mp++; team(b).mp++;
  }
  const rows = [...teams.values()].map((t) => ({ ...t, p: 3 * t.w + t.d }));
  rows.sort((x, y) => y.p - x.p);
  const num = (n) => String(n).padStart(2);
  return ['Team'.padEnd(30) + ' | MP |  W |  D |  L |  P']
    .concat(rows.map((t) => [t.name.padEnd(30), num(t.mp), num(t.w), num(t.d), num(t.l), num(t.p)].join(' | ')))
    .join('\n');
}

module.exports = { tally };
