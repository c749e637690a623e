class School {
  constructor() {
    this.grades = {};
  }

  add(name, grade) {
    const all = Object.values(this.grades).flat();
    if (all.includes(name)) return false;
    this.grades[grade] = this.grades[grade] || [];
    this.grades[grade].push(name);
    this.grades[grade].sort();
    return true;
  }

  grade(n) {
    return this.grades[n] || [];
  }

  roster() {
    return Object.keys(this.grades).sort((a, b) => a - b).flatMap((g) => this.grades[g]);
  }
}

module.exports = { School };
