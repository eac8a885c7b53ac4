using Microsoft.Playwright;
using Warble.Server.Tests.Support;

namespace Warble.Server.Tests;

/// <summary>
/// The web page in a real headless browser: uploading a file shows its transcript, word by word, and playback
/// highlights the word being spoken. With WARBLE_SCREENSHOT=PATH the page is saved there as a PNG (docs/ holds one).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class WebPageTests(ServerFixture server)
{
    [ChromiumFact]
    public async Task Uploading_a_file_shows_its_transcript_with_words_highlighted_at_the_playback_time()
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumFactAttribute.Executable });
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 560 } });
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.Locator("#model option[value=demo]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        await page.Locator("#file").SetInputFilesAsync(ServerFixture.KjvSample);
        await page.Locator("#transcribe").ClickAsync();
        await page.Locator("#transcript .word").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await page.EvaluateAsync("() => { const p = document.getElementById('player'); p.currentTime = 0.6; p.dispatchEvent(new Event('seeked')); }");

        string transcript = await page.Locator("#transcript").InnerTextAsync();
        Assert.Contains("jacob was greatly afraid", transcript, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#transcript .word.current")).ToHaveTextAsync("jacob");
        Assert.True(await page.Locator("#downloads").IsVisibleAsync());
        if (Environment.GetEnvironmentVariable("WARBLE_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        }
    }

    [ChromiumFact]
    public async Task Recording_from_the_microphone_streams_live_text_then_shows_the_timed_words()
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Args = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--use-file-for-fake-audio-capture=" + ServerFixture.KjvSample],
        });
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseAddress.ToString());
        await page.Locator("#model option[value=demo]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        await page.Locator("#record").ClickAsync();
        await Assertions.Expect(page.Locator("#transcript .pending")).ToContainTextAsync("jacob", new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });
        await page.Locator("#record").ClickAsync();
        await page.Locator("#transcript .word").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        Assert.Contains("greatly afraid", await page.Locator("#transcript").InnerTextAsync(), StringComparison.Ordinal);
    }
}
