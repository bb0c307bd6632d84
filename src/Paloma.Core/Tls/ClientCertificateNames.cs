using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paloma.Tls;

/// <summary>
/// The addresses a client certificate names, in the order EXTERNAL tries them against the accounts: every
/// subjectAltName rfc822Name (RFC 5280 §4.2.1.6), then the subject's emailAddress attributes (PKCS #9, still
/// common in older client certificates), then the subject's common names that look like an address.
/// </summary>
public static class ClientCertificateNames
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string EmailAddressOid = "1.2.840.113549.1.9.1";
    private const string CommonNameOid = "2.5.4.3";

    /// <summary>RFC 5280 §4.2.1.6: GeneralName rfc822Name is the context-specific tag [1], an IA5String.</summary>
    private static readonly Asn1Tag s_rfc822Name = new(TagClass.ContextSpecific, 1);

    public static IReadOnlyList<string> CandidateAddresses(X509Certificate2 certificate)
    {
        var names = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value == SubjectAltNameOid)
            {
                names.AddRange(Rfc822Names(extension.RawData));
            }
        }

        var subject = SubjectAttributes(certificate.SubjectName);
        names.AddRange(subject.Where(a => a.Oid == EmailAddressOid).Select(a => a.Value));
        names.AddRange(subject.Where(a => a.Oid == CommonNameOid && a.Value.Contains('@')).Select(a => a.Value));
        return names.Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    private static List<string> Rfc822Names(byte[] extensionValue)
    {
        var names = new List<string>();
        try
        {
            var reader = new AsnReader(extensionValue, AsnEncodingRules.DER);
            var generalNames = reader.ReadSequence();
            while (generalNames.HasData)
            {
                var tag = generalNames.PeekTag();
                if (tag.HasSameClassAndValue(s_rfc822Name))
                {
                    names.Add(generalNames.ReadCharacterString(UniversalTagNumber.IA5String, s_rfc822Name));
                }
                else
                {
                    generalNames.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            // A malformed extension names nobody; the chain was valid, but the certificate maps to no account.
            return [];
        }

        return names;
    }

    private static List<(string Oid, string Value)> SubjectAttributes(X500DistinguishedName subject)
    {
        var attributes = new List<(string, string)>();
        try
        {
            foreach (var rdn in subject.EnumerateRelativeDistinguishedNames())
            {
                if (!rdn.HasMultipleElements && rdn.GetSingleElementValue() is { } value)
                {
                    attributes.Add((rdn.GetSingleElementType().Value ?? "", value));
                }
            }
        }
        catch (CryptographicException)
        {
            return [];
        }

        return attributes;
    }
}
