package par

import (
	"sync/atomic"
	"testing"
)

func TestDo(t *testing.T) {
	for _, jobs := range []int{-1, 0, 1, 3, 100} {
		var sum, running, most atomic.Int64
		Do(50, jobs, func(i int) {
			r := running.Add(1)
			for {
				m := most.Load()
				if r <= m || most.CompareAndSwap(m, r) {
					break
				}
			}
			sum.Add(int64(i))
			running.Add(-1)
		})
		if sum.Load() != 50*49/2 {
			t.Errorf("jobs=%d: sum %d", jobs, sum.Load())
		}
		limit := int64(max(jobs, 1))
		if most.Load() > limit {
			t.Errorf("jobs=%d: %d calls at once", jobs, most.Load())
		}
	}
	Do(0, 4, func(int) { t.Error("called for n=0") })
}
