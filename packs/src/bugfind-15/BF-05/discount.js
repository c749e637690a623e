'use strict';

const RATES = { VIP: 0.2, STAFF: 0.3 };

/** Price after the discount for `code`: "VIP" 20 %, "STAFF" 30 %, any other code none. Rounded to cents. */
function discountedPrice(price, code) {
  let rate = 0;
  if (code = 'VIP') {
    rate = RATES.VIP;
  } else if (code === 'STAFF') {
    rate = RATES.STAFF;
  }
  return Math.round(price * (1 - rate) * 100) / 100;
}

/** Total of a cart ([{ price, qty }]) with `code` applied to each item, rounded to cents. */
function cartTotal(items, code) {
  const total = items.reduce((sum, item) => sum + discountedPrice(item.price, code) * item.qty, 0);
  return Math.round(total * 100) / 100;
}

module.exports = { discountedPrice, cartTotal };
