use std::collections::HashMap;

const GROUP_PRICE: [u32; 6] = [0, 800, 1520, 2160, 2560, 3000];

pub fn lowest_price(books: &[u32]) -> u32 {
    let mut counts = [0u32; 5];
    for &b in books {
        counts[(b - 1) as usize] += 1;
    }
    best(counts, &mut HashMap::new())
}

// Fewest cents for these counts: try every set of different volumes as the next group.
fn best(mut counts: [u32; 5], memo: &mut HashMap<[u32; 5], u32>) -> u32 {
    counts.sort_unstable();
    if counts.iter().all(|&c| c == 0) {
        return 0;
    }
    if let Some(&price) = memo.get(&counts) {
        return price;
    }
    let mut lowest = u32::MAX;
    for mask in 1u32..32 {
        if (0..5).any(|i| mask & (1 << i) != 0 && counts[i] == 0) {
            continue;
        }
        let mut rest = counts;
        for (i, c) in rest.iter_mut().enumerate() {
            if mask & (1 << i) != 0 {
                *c -= 1;
            }
        }
        let price = GROUP_PRICE[mask.count_ones() as usize] + best(rest, memo);
        lowest = lowest.min(price);
    }
    memo.insert(counts, lowest);
    lowest
}
