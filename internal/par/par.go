// Package par runs work items in parallel.
package par

import "sync"

// Do calls fn(i) for every i in [0, n), at most jobs at a time (at least
// one), and returns when all calls have returned.
func Do(n, jobs int, fn func(i int)) {
	if jobs <= 0 {
		jobs = 1
	}
	if jobs > n {
		jobs = n
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
