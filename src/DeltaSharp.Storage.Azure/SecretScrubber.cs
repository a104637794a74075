using System;
using System.Collections.Generic;

namespace DeltaSharp.Storage.Azure;

/// <summary>Removes a store's secrets (account key, SAS token and its signature, in raw and URL-encoded forms)
/// from any text that may end up in an exception message.</summary>
internal sealed class SecretScrubber
{
    private readonly List<string> secrets = new();

    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 4)
        {
            return;
        }
        AddForm(secret);
        AddForm(Uri.EscapeDataString(secret));
        try
        {
            AddForm(Uri.UnescapeDataString(secret));
        }
        catch (UriFormatException)
        {
        }
    }

    /// <summary>Adds a SAS token and, separately, the value of its <c>sig</c> parameter.</summary>
    public void AddSas(string? sas)
    {
        if (string.IsNullOrEmpty(sas))
        {
            return;
        }
        Add(sas.TrimStart('?'));
        foreach (string pair in sas.TrimStart('?').Split('&'))
        {
            if (pair.StartsWith("sig=", StringComparison.OrdinalIgnoreCase))
            {
                Add(pair[4..]);
            }
        }
    }

    private void AddForm(string form)
    {
        if (!secrets.Contains(form))
        {
            secrets.Add(form);
        }
    }

    public string Scrub(string text)
    {
        foreach (string secret in secrets)
        {
            text = text.Replace(secret, "<redacted>", StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>True when <paramref name="ex"/> (with its inner exceptions) mentions a secret anywhere.</summary>
    public bool Mentions(Exception ex)
    {
        string all = ex.ToString();
        foreach (string secret in secrets)
        {
            if (all.Contains(secret, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
