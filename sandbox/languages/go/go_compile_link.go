// The steps of a Go build in one sandbox, which has no shell: run the compiler, then the linker;
// if either fails, say so on a line of its own and become `go build`, whose words explain the failure
// (but for a compile that failed after seconds: see slowCompile). Built by the trusted
// warm-up with each toolchain (sandbox/languages/go/warming.py).
//
//	go_compile_link COMPILE-ARGV... -- [NAME=VALUE...] LINK-ARGV... -- GO-BUILD-ARGV...
//
// A tool ended by a signal (a limit) ends this program with 128+signal, without `go build`;
// 125 means this program could not start a tool.
package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// The first line of the output when go build runs (sandbox/languages/go/build.py: DIRECT_BUILD_FAILED).
const fallingBack = "go_compile_link: the direct build failed; go build:"

const slowCompile = 2 * time.Second // of CPU

func main() {
	compile, link, goBuild := split(os.Args[1:])
	if len(compile) == 0 || len(link) == 0 || len(goBuild) == 0 {
		fail("usage: go_compile_link COMPILE-ARGV... -- [NAME=VALUE...] LINK-ARGV... -- GO-BUILD-ARGV...")
	}
	linkArgv, linkEnv := assignments(link)
	var output bytes.Buffer // shown only if both succeed: a failure is go build's to explain
	compiled := run(&output, compile, os.Environ())
	if compiled.Success() && run(&output, linkArgv, linkEnv).Success() {
		os.Stderr.Write(output.Bytes())
		os.Exit(0)
	}
	if !compiled.Success() && compiled.UserTime()+compiled.SystemTime() > slowCompile {
		// Compiling it again would double a long compile against the build's limits; the
		// compiler's words are go build's but for the go command's own checks (imports, header).
		os.Stderr.Write(output.Bytes())
		os.Exit(compiled.ExitCode())
	}
	os.Stderr.WriteString(fallingBack + "\n")
	err := syscall.Exec(goBuild[0], goBuild, os.Environ())
	fail("exec " + goBuild[0] + ": " + err.Error())
}

// run runs a tool to its end; a signal (a limit) ends this program too.
func run(output *bytes.Buffer, argv []string, env []string) *os.ProcessState {
	step := exec.Command(argv[0], argv[1:]...)
	step.Env = env
	step.Stdout, step.Stderr = output, output
	err := step.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fail(err.Error())
	}
	if status, ok := step.ProcessState.Sys().(syscall.WaitStatus); ok && status.Signaled() {
		os.Stderr.Write(output.Bytes())
		os.Exit(128 + int(status.Signal()))
	}
	return step.ProcessState
}

func assignments(argv []string) ([]string, []string) {
	env := os.Environ()
	for len(argv) > 1 && strings.Contains(argv[0], "=") && !strings.HasPrefix(argv[0], "/") {
		env = setenv(env, argv[0])
		argv = argv[1:]
	}
	return argv, env
}

// setenv replaces NAME's value (Go reads the first NAME= of an environment, so appending is not enough).
func setenv(env []string, assignment string) []string {
	name := assignment[:strings.Index(assignment, "=")+1]
	kept := []string{}
	for _, entry := range env {
		if !strings.HasPrefix(entry, name) {
			kept = append(kept, entry)
		}
	}
	return append(kept, assignment)
}

func split(args []string) ([]string, []string, []string) {
	var parts [][]string
	start := 0
	for i, arg := range args {
		if arg == "--" && len(parts) < 2 {
			parts = append(parts, args[start:i])
			start = i + 1
		}
	}
	if len(parts) < 2 {
		return nil, nil, nil
	}
	return parts[0], parts[1], args[start:]
}

func fail(message string) {
	os.Stderr.WriteString("go_compile_link: " + message + "\n")
	os.Exit(125)
}
