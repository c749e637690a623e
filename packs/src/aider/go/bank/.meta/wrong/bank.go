package bank

import (
	"errors"
	"sync"
)

var (
	ErrClosed            = errors.New("account closed")
	ErrInsufficientFunds = errors.New("insufficient funds")
	ErrInvalidAmount     = errors.New("invalid amount")
)

// Account is a bank account.
type Account struct {
	mu      sync.Mutex
	balance int64
	closed  bool
}

// Open opens an account with an initial deposit in cents.
func Open(initial int64) (*Account, error) {
	if initial < 0 {
		return nil, ErrInvalidAmount
	}
	return &Account{balance: initial}, nil
}

// Balance returns the balance in cents.
func (a *Account) Balance() (int64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return 0, ErrClosed
	}
	return a.balance, nil
}

// Deposit adds amount cents and returns the new balance.
func (a *Account) Deposit(amount int64) (int64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return 0, ErrClosed
	}
	if amount <= 0 {
		return 0, ErrInvalidAmount
	}
	a.balance += amount
	return a.balance, nil
}

// Withdraw takes amount cents out and returns the new balance.
func (a *Account) Withdraw(amount int64) (int64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return 0, ErrClosed
	}
	if amount <= 0 {
		return 0, ErrInvalidAmount
	}
	if amount >= a.balance {
		return 0, ErrInsufficientFunds
	}
	a.balance -= amount
	return a.balance, nil
}

// Close closes the account and returns the balance paid out.
func (a *Account) Close() (int64, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return 0, ErrClosed
	}
	a.closed = true
	return a.balance, nil
}
