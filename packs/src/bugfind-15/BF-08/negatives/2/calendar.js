'use strict';

const NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

function checkMonth(month) {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`month must be an integer from 1 to 12, got ${month}`);
  }
}

/** Number of days in `month` of `year`. Months are numbered 1-12 (1 = January). */
function daysInMonth(year, month) {
  checkMonth(month);
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** English name of `month` (1-12). */
function monthName(month) {
  checkMonth(month);
  return NAMES[month - 1];
}

module.exports = { daysInMonth, monthName };
