'use strict';

const NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

function checkMonth(month) {
  if (!Number.isInteger(month) || month < 0 || month > 11) {
    throw new RangeError(`month must be an integer from 0 to 11, got ${month}`);
  }
}

/** Number of days in `month` of `year` (0 = January, like Date). */
function daysInMonth(year, month) {
  checkMonth(month);
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** English name of `month` (0-11). */
function monthName(month) {
  checkMonth(month);
  return NAMES[month];
}

module.exports = { daysInMonth, monthName };
