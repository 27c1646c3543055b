// infra-09: a worker pool of goroutines fed through channels, joined with a WaitGroup.
//
// Four workers take jobs from an unbuffered channel and send results to another; the results
// are printed in job order, so the output is the same on every run. Then the program prints
// GOMAXPROCS and NumCPU, how many OS threads the workers' goroutines ran on (thread ids from
// gettid), and how many cores' worth of CPU time the run used (rusage CPU time / wall time).
//
//	go run main.go
//	GOMAXPROCS=1 go run main.go
package main

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"syscall"
	"time"
)

// --8<-- [start:pool]
type result struct {
	job, primes, tid int
}

// countPrimes is CPU-bound: trial division over [2, limit).
func countPrimes(limit int) int {
	count := 0
	for n := 2; n < limit; n++ {
		prime := true
		for d := 2; d*d <= n; d++ {
			if n%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			count++
		}
	}
	return count
}

func main() {
	start, cpu0 := time.Now(), cpuTime()
	jobs := make(chan int)       // unbuffered: a send waits until a worker receives
	results := make(chan result) // workers -> main
	var wg sync.WaitGroup

	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs { // ends when jobs is closed and drained
				results <- result{j, countPrimes(j * 100_000), syscall.Gettid()}
			}
		}()
	}
	go func() { // producer
		for j := 1; j <= 8; j++ {
			jobs <- j
		}
		close(jobs)
	}()
	go func() { // close results once every worker has returned
		wg.Wait()
		close(results)
	}()

	var all []result
	for r := range results {
		all = append(all, r)
	}
	sort.Slice(all, func(a, b int) bool { return all[a].job < all[b].job })
	tids := map[int]bool{}
	for _, r := range all {
		fmt.Printf("job %d: primes below %d = %d\n", r.job, r.job*100_000, r.primes)
		tids[r.tid] = true
	}
	wall := time.Since(start).Seconds()
	fmt.Printf("GOMAXPROCS=%d NumCPU=%d\n", runtime.GOMAXPROCS(0), runtime.NumCPU())
	fmt.Printf("worker OS threads: %d\n", len(tids))
	fmt.Printf("cores used: %.2f (cpu %.3fs / wall %.3fs)\n", (cpuTime()-cpu0)/wall, cpuTime()-cpu0, wall)
}

// --8<-- [end:pool]

func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
