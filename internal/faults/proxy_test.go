package faults

import (
	"net"
	"sync"
	"testing"
)

// proxy forwards loopback TCP connections to a database server and can
// break the way a database host does: proxyRefuse closes every live
// connection and refuses new ones (the host went away); proxyBlackhole
// drops the live connections and takes new ones without ever answering on
// them (its packets are dropped, once a handshake got through);
// proxyFrozen keeps the live connections open but forwards nothing more
// either way (a server that hangs mid-statement). proxyForward forwards
// again.
type proxy struct {
	target string
	ln     net.Listener
	mu     sync.Mutex
	cond   *sync.Cond
	mode   int // proxyForward, proxyRefuse, proxyBlackhole or proxyFrozen
	conns  map[net.Conn]bool
}

const (
	proxyForward = iota
	proxyRefuse
	proxyBlackhole
	proxyFrozen
)

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{target: target, ln: ln, conns: map[net.Conn]bool{}}
	p.cond = sync.NewCond(&p.mu)
	go p.serve()
	t.Cleanup(func() { ln.Close(); p.set(proxyBlackhole); p.set(proxyForward) })
	return p
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		mode := p.mode
		if mode != proxyRefuse {
			p.conns[c] = true
		}
		p.mu.Unlock()
		switch mode {
		case proxyRefuse:
			c.Close() // the client sees the connection closed at once
		case proxyBlackhole: // held open, never answered, until set closes it
		default:
			go p.pipe(c)
		}
	}
}

func (p *proxy) pipe(c net.Conn) {
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[up] = true
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	go func() { p.copy(up, c); done <- struct{}{} }()
	go func() { p.copy(c, up); done <- struct{}{} }()
	<-done
	c.Close()
	up.Close()
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, up)
	p.mu.Unlock()
}

// copy forwards src to dst, holding what it read while frozen.
func (p *proxy) copy(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		p.mu.Lock()
		for p.mode == proxyFrozen {
			p.cond.Wait()
		}
		p.mu.Unlock()
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// set switches mode; leaving proxyFrozen releases the held data, and
// entering proxyRefuse or proxyBlackhole, or leaving proxyBlackhole, closes
// every connection (the live ones when the host goes away or dark, the
// unanswered ones when it is back).
func (p *proxy) set(mode int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if mode == proxyRefuse || mode == proxyBlackhole || p.mode == proxyBlackhole {
		for c := range p.conns {
			c.Close()
			delete(p.conns, c)
		}
	}
	p.mode = mode
	p.cond.Broadcast()
}
