class School {
  constructor() {
    this.grades = new Map();
    this.enrolled = new Set();
  }

  add(name, grade) {
    if (this.enrolled.has(name)) return false;
    this.enrolled.add(name);
    if (!this.grades.has(grade)) this.grades.set(grade, []);
    const names = this.grades.get(grade);
    names.push(name);
    names.sort();
    return true;
  }

  grade(n) {
    return [...(this.grades.get(n) || [])];
  }

  roster() {
    return [...this.grades.keys()].sort((a, b) => a - b).flatMap((g) => this.grade(g));
  }
}

module.exports = { School };
