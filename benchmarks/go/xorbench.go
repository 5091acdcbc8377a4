// Command xorbench times Prometheus's own XOR decoder (tsdb/chunkenc, from the Go source of the Prometheus
// version the oracles come from) on the chunks of jthanos's XorBenchmark "real" fixture, with the same two
// bodies as XorBenchmark: "decode" steps through every sample with Next and At, "decodeOnly" seeks past the end
// of every chunk. It prints the median of the timed rounds in ns per sample. Run it through
// ../xor-go-compare.sh, which fetches Go and the Prometheus source from Debian and builds it.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"time"

	"github.com/prometheus/prometheus/tsdb/chunkenc"
)

const magic = 0x584F5231 // "XOR1", as ScrapedXorChunks writes it

func load(path string) ([]chunkenc.Chunk, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	var head [2]int32
	if err := binary.Read(gz, binary.BigEndian, &head); err != nil {
		return nil, 0, fmt.Errorf("%s: header: %w", path, err)
	}
	if head[0] != magic {
		return nil, 0, fmt.Errorf("%s: bad magic %#x", path, head[0])
	}
	chunks := make([]chunkenc.Chunk, 0, head[1])
	samples := 0
	for i := 0; i < int(head[1]); i++ {
		var n int32
		if err := binary.Read(gz, binary.BigEndian, &n); err != nil {
			return nil, 0, fmt.Errorf("%s: chunk %d: %w", path, i, err)
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(gz, b); err != nil {
			return nil, 0, fmt.Errorf("%s: chunk %d: %w", path, i, err)
		}
		c, err := chunkenc.FromData(chunkenc.EncXOR, b)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: chunk %d: %w", path, i, err)
		}
		chunks = append(chunks, c)
		samples += c.NumSamples()
	}
	return chunks, samples, nil
}

func decode(chunks []chunkenc.Chunk, it chunkenc.Iterator) (int64, chunkenc.Iterator) {
	var sum int64
	for _, c := range chunks {
		it = c.Iterator(it)
		for it.Next() == chunkenc.ValFloat {
			t, v := it.At()
			sum += t + int64(math.Float64bits(v))
		}
	}
	return sum, it
}

func decodeOnly(chunks []chunkenc.Chunk, it chunkenc.Iterator) (int64, chunkenc.Iterator) {
	var sum int64
	for _, c := range chunks {
		it = c.Iterator(it)
		sum += int64(it.Seek(math.MaxInt64))
	}
	return sum, it
}

// median times rounds of passes for about a second each after a warm-up, and returns the median ns per sample.
func median(name string, body func([]chunkenc.Chunk, chunkenc.Iterator) (int64, chunkenc.Iterator),
	chunks []chunkenc.Chunk, samples int, rounds int) float64 {
	var it chunkenc.Iterator
	var sink int64
	passes := 1
	for start := time.Now(); time.Since(start) < 2*time.Second; passes++ {
		var s int64
		s, it = body(chunks, it)
		sink += s
	}
	perRound := passes / 2
	if perRound < 1 {
		perRound = 1
	}
	ns := make([]float64, rounds)
	for r := range ns {
		start := time.Now()
		for p := 0; p < perRound; p++ {
			var s int64
			s, it = body(chunks, it)
			sink += s
		}
		ns[r] = float64(time.Since(start).Nanoseconds()) / float64(perRound) / float64(samples)
	}
	sort.Float64s(ns)
	fmt.Printf("%-40s %6.2f ns/sample (rounds %.2f–%.2f)\n", "go xor "+name+" real", ns[rounds/2], ns[0], ns[rounds-1])
	if sink == 42 {
		fmt.Println() // keeps sink alive
	}
	return ns[rounds/2]
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: xorbench FIXTURE.chunks.gz")
		os.Exit(2)
	}
	chunks, samples, err := load(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "xorbench:", err)
		os.Exit(1)
	}
	sum, _ := decode(chunks, nil)
	// the same sum as CpuTimeRunner's "xor decode checksum": both decoders read the same samples
	fmt.Printf("go xor decode checksum real %d (%d chunks, %d samples)\n", sum, len(chunks), samples)
	median("decode", decode, chunks, samples, 15)
	median("decode only (seek past end)", decodeOnly, chunks, samples, 15)
}
