"""What a program expects of the machine it runs on: time zone data, and `localhost`."""

from sandbox import Verdict

from .helpers import go_main, run_go, run_py

GO_TIME_ZONE = go_main("""
	location, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	moment := time.Date(2024, time.July, 4, 12, 0, 0, 0, time.UTC)
	fmt.Println(moment.In(location).Format("15:04 MST"))""", ["fmt", "time"])

GO_HTTP_ON_LOCALHOST = go_main("""
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hello from ", r.Host[:9])
	}))
	defer server.Close()
	port := server.Listener.Addr().(*net.TCPAddr).Port
	response, err := http.Get(fmt.Sprintf("http://localhost:%d/", port))
	if err != nil {
		panic(err)
	}
	defer response.Body.Close()
	body, _ := io.ReadAll(response.Body)
	fmt.Println(string(body))
	listener, err := net.Listen("tcp", "localhost:0")
	if err != nil {
		panic(err)
	}
	fmt.Println(listener.Addr().(*net.TCPAddr).IP.IsLoopback())""",
    ["fmt", "io", "net", "net/http", "net/http/httptest"])


def test_go_loads_a_time_zone(go_toolchain):
    result = run_go(GO_TIME_ZONE, toolchain=go_toolchain)
    assert (result.verdict, result.stdout) == (Verdict.OK, "08:00 EDT\n"), result


def test_python_loads_a_time_zone():
    source = ("import zoneinfo, datetime\n"
              "moment = datetime.datetime(2024, 7, 4, 12, tzinfo=datetime.timezone.utc)\n"
              "print(moment.astimezone(zoneinfo.ZoneInfo('America/New_York')).strftime('%H:%M %Z'))\n")
    result = run_py(source)
    assert (result.verdict, result.stdout) == (Verdict.OK, "08:00 EDT\n"), result


def test_go_http_server_on_localhost(go_toolchain):
    result = run_go(GO_HTTP_ON_LOCALHOST, toolchain=go_toolchain)
    assert (result.verdict, result.stdout) == (Verdict.OK, "hello from localhost\ntrue\n"), result


def test_python_resolves_localhost_and_connects_to_itself():
    source = """
import socket
server = socket.socket()
server.bind(('localhost', 0))
server.listen()
client = socket.create_connection(('localhost', server.getsockname()[1]), timeout=2)
peer, _ = server.accept()
client.sendall(b'ping')
print(socket.gethostbyname('localhost'), peer.recv(4).decode())
"""
    result = run_py(source)
    assert (result.verdict, result.stdout) == (Verdict.OK, "127.0.0.1 ping\n"), result


def test_other_names_still_do_not_resolve():
    result = run_py("import socket\ntry:\n    socket.gethostbyname('example.com')\n"
                    "except OSError:\n    print('refused')\n")
    assert (result.verdict, result.stdout) == (Verdict.OK, "refused\n"), result
