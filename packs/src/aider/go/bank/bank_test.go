package bank

import (
	"errors"
	"sync"
	"testing"
)

func mustOpen(t *testing.T, initial int64) *Account {
	t.Helper()
	a, err := Open(initial)
	if err != nil || a == nil {
		t.Fatalf("Open(%d) = %v, %v", initial, a, err)
	}
	return a
}

func want(t *testing.T, what string, got int64, err error, wantValue int64, wantErr error) {
	t.Helper()
	if wantErr != nil {
		if !errors.Is(err, wantErr) {
			t.Errorf("%s: error %v, want %v", what, err, wantErr)
		}
		return
	}
	if err != nil || got != wantValue {
		t.Errorf("%s = %d, %v; want %d, nil", what, got, err, wantValue)
	}
}

func TestOpenAndBalance(t *testing.T) {
	a := mustOpen(t, 250)
	b, err := a.Balance()
	want(t, "Balance", b, err, 250, nil)
	z := mustOpen(t, 0)
	b, err = z.Balance()
	want(t, "Balance of an empty account", b, err, 0, nil)
	if a, err := Open(-1); a != nil || !errors.Is(err, ErrInvalidAmount) {
		t.Errorf("Open(-1) = %v, %v; want nil, ErrInvalidAmount", a, err)
	}
}

func TestDepositAndWithdraw(t *testing.T) {
	a := mustOpen(t, 100)
	b, err := a.Deposit(50)
	want(t, "Deposit(50)", b, err, 150, nil)
	b, err = a.Withdraw(30)
	want(t, "Withdraw(30)", b, err, 120, nil)
	b, err = a.Withdraw(120)
	want(t, "Withdraw(everything)", b, err, 0, nil)
}

func TestInvalidAmounts(t *testing.T) {
	a := mustOpen(t, 100)
	_, err := a.Deposit(0)
	want(t, "Deposit(0)", 0, err, 0, ErrInvalidAmount)
	_, err = a.Deposit(-5)
	want(t, "Deposit(-5)", 0, err, 0, ErrInvalidAmount)
	_, err = a.Withdraw(-5)
	want(t, "Withdraw(-5)", 0, err, 0, ErrInvalidAmount)
	b, err := a.Balance()
	want(t, "Balance after invalid amounts", b, err, 100, nil)
}

func TestOverdraw(t *testing.T) {
	a := mustOpen(t, 100)
	_, err := a.Withdraw(101)
	want(t, "Withdraw(101)", 0, err, 0, ErrInsufficientFunds)
	b, err := a.Balance()
	want(t, "Balance after a refused withdrawal", b, err, 100, nil)
}

func TestClose(t *testing.T) {
	a := mustOpen(t, 70)
	b, err := a.Close()
	want(t, "Close", b, err, 70, nil)
	_, err = a.Close()
	want(t, "second Close", 0, err, 0, ErrClosed)
	_, err = a.Balance()
	want(t, "Balance after Close", 0, err, 0, ErrClosed)
	_, err = a.Deposit(10)
	want(t, "Deposit after Close", 0, err, 0, ErrClosed)
	_, err = a.Withdraw(500)
	want(t, "Withdraw(500) after Close", 0, err, 0, ErrClosed)
	_, err = a.Deposit(-3)
	want(t, "Deposit(-3) after Close", 0, err, 0, ErrClosed)
}

func TestConcurrentUse(t *testing.T) {
	a := mustOpen(t, 0)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				a.Deposit(10)
				a.Withdraw(5)
			}
		}()
	}
	wg.Wait()
	b, err := a.Balance()
	want(t, "Balance after concurrent use", b, err, 5000, nil)
}
