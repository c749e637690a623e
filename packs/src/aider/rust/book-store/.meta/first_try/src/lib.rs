const GROUP_PRICE: [u32; 6] = [0, 800, 1520, 2160, 2560, 3000];

pub fn lowest_price(books: &[u32]) -> u32 {
    let mut counts = [0u32; 5];
    for &b in books {
        counts[(b - 1) as usize] += 1;
    }
    // Take the largest group of different volumes each time.
    let mut total = 0;
    loop {
        let size = counts.iter().filter(|&&c| c > 0).count();
        if size == 0 {
            return total;
        }
        for c in counts.iter_mut() {
            if *c > 0 {
                *c -= 1;
            }
        }
        total += GROUP_PRICE[size];
    }
}
