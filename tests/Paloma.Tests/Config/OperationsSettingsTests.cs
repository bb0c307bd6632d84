using System.Net;
using Paloma.Config;

namespace Paloma.Tests.Config;

/// <summary>The [server] pid_file, log_file and stop_grace keys and the [metrics] table.</summary>
public sealed class OperationsSettingsTests
{
    [Fact]
    public void DefaultsPutPidAndLogFilesInTheDataDirectoryAndMetricsOff()
    {
        var config = ConfigLoader.Parse("[server]\ndata_dir = \"/var/lib/paloma\"\n", "paloma.toml");
        Assert.Equal("/var/lib/paloma/paloma.pid", config.PidFilePath);
        Assert.Equal("/var/lib/paloma/paloma.log", config.LogFilePath);
        Assert.Equal("/var/lib/paloma/control.sock", config.ControlSocketPath);
        Assert.Equal(30, config.Server.StopGrace);
        Assert.Null(config.Metrics.Listen);
    }

    [Fact]
    public void SettingsAreApplied()
    {
        var config = ConfigLoader.Parse("""
            [server]
            pid_file = "/run/paloma.pid"
            log_file = "/var/log/paloma.log"
            stop_grace = 5
            [metrics]
            listen = "127.0.0.1:9587"
            """, "paloma.toml");
        Assert.Equal("/run/paloma.pid", config.PidFilePath);
        Assert.Equal("/var/log/paloma.log", config.LogFilePath);
        Assert.Equal(5, config.Server.StopGrace);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9587), config.Metrics.Listen);
        Assert.Null(ConfigLoader.Parse("[metrics]\nlisten = \"\"\n", "paloma.toml").Metrics.Listen);
    }

    [Theory]
    [InlineData("[server]\nstop_grace = -1\n", "paloma.toml:2: server.stop_grace: -1 is out of range")]
    [InlineData("[server]\nstop_grace = \"30\"\n", "paloma.toml:2: server.stop_grace: expected an integer")]
    [InlineData("[server]\npid_file = \"\"\n", "paloma.toml:2: server.pid_file: must not be empty")]
    [InlineData("[metrics]\n\nlisten = \"localhost:9587\"\n", "paloma.toml:3: metrics.listen: \"localhost\" is not")]
    [InlineData("[metrics]\nport = 9587\n", "paloma.toml:2: metrics.port: unknown key")]
    public void ErrorsNameFileLineAndKey(string toml, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(toml, "paloma.toml"));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void CheckPrintsTheNewSettings()
    {
        var text = ConfigPrinter.ToToml(ConfigLoader.Parse("[metrics]\nlisten = \"127.0.0.1:9587\"\n", "x.toml"));
        Assert.Contains("stop_grace = 30", text);
        Assert.Contains("pid_file = ", text);
        Assert.Contains("[metrics]\nlisten = \"127.0.0.1:9587\"", text.ReplaceLineEndings("\n"));
    }
}
