use std::sync::Mutex;

/// A bank account shared between threads.
pub struct Account {
    balance: Mutex<i64>,
    history: Mutex<Vec<String>>,
}

impl Account {
    pub fn new(opening: i64) -> Account {
        Account { balance: Mutex::new(opening), history: Mutex::new(Vec::new()) }
    }

    pub fn balance(&self) -> i64 {
        *self.balance.lock().unwrap()
    }

    /// Adds `amount`, records "deposit <amount> -> <new balance>" and returns the new balance.
    pub fn deposit(&self, amount: i64) -> i64 {
        let mut balance = self.balance.lock().unwrap();
        *balance += amount;
        self.record(format!("deposit {} -> {}", amount, self.balance()));
        *balance
    }

    /// Takes `amount` out when the balance covers it, records "withdraw <amount> -> <new balance>"
    /// and returns Ok(new balance). Otherwise changes nothing, records "refused <amount>" and
    /// returns Err(current balance).
    pub fn withdraw(&self, amount: i64) -> Result<i64, i64> {
        let mut balance = self.balance.lock().unwrap();
        if *balance < amount {
            let current = *balance;
            drop(balance);
            self.record(format!("refused {}", amount));
            return Err(current);
        }
        *balance -= amount;
        let now = *balance;
        self.record(format!("withdraw {} -> {}", amount, now));
        Ok(now)
    }

    pub fn history(&self) -> Vec<String> {
        self.history.lock().unwrap().clone()
    }

    fn record(&self, entry: String) {
        self.history.lock().unwrap().push(entry);
    }
}
