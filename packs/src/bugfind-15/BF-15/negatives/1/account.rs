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
        match self.balance.try_lock() {
            Ok(b) => *b,
            Err(_) => 0,
        }
    }

    pub fn deposit(&self, amount: i64) -> i64 {
        let mut balance = self.balance.lock().unwrap();
        *balance += amount;
        self.record(format!("deposit {} -> {}", amount, self.balance()));
        *balance
    }

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
