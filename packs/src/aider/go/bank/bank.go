package bank

import "errors"

var (
	ErrClosed            = errors.New("account closed")
	ErrInsufficientFunds = errors.New("insufficient funds")
	ErrInvalidAmount     = errors.New("invalid amount")
)

// Account is a bank account; add the fields you need.
type Account struct {
}

// Open opens an account with an initial deposit in cents.
func Open(initial int64) (*Account, error) {
	panic("not implemented")
}

// Balance returns the balance in cents.
func (a *Account) Balance() (int64, error) {
	panic("not implemented")
}

// Deposit adds amount cents and returns the new balance.
func (a *Account) Deposit(amount int64) (int64, error) {
	panic("not implemented")
}

// Withdraw takes amount cents out and returns the new balance.
func (a *Account) Withdraw(amount int64) (int64, error) {
	panic("not implemented")
}

// Close closes the account and returns the balance paid out.
func (a *Account) Close() (int64, error) {
	panic("not implemented")
}
