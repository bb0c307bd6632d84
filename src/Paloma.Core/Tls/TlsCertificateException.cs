namespace Paloma.Tls;

/// <summary>A certificate or key file could not be read or used; the message names the file.</summary>
public sealed class TlsCertificateException(string message, Exception? inner = null) : Exception(message, inner);
