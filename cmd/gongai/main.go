// Command gongai runs the Dazhou engineering-construction-project approval
// management system (达州市工程建设项目审批管理系统). See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/dazhou-gongai/gongai/internal/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Run(ctx, app.OSEnv())
	stop()
	os.Exit(code)
}
