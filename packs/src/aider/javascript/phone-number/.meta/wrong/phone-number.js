function clean(input) {
  if (/[a-zA-Z]/.test(input)) throw new Error('letters are not allowed');
  if (/[^0-9\s.()+-]/.test(input)) throw new Error('punctuation is not allowed');
  let digits = input.replace(/\D/g, '');
  if (digits.length < 10) throw new Error('too few digits');
  if (digits.length > 11) throw new Error('too many digits');
  if (digits.length === 11) {
    if (digits[0] !== '1') throw new Error('an 11-digit number must start with 1');
    digits = digits.slice(1);
  }
  if (digits[0] === '0') throw new Error('area code cannot start with zero');
  if (digits[0] === '1') throw new Error('area code cannot start with one');
  return digits;
}

module.exports = { clean };
