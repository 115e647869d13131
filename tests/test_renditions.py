"""Article images: responsive renditions made once and kept, the original untouched."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from PIL import Image

from articles.models import ArticleImage
from articles.renditions import responsive_image

from .factories import ArticleFactory, PageFactory, image_bytes
from .test_queries import BUDGETS, count_queries

pytestmark = pytest.mark.django_db


def photo(article, size=(1600, 1000), fmt="JPEG", name="photo.jpg") -> ArticleImage:
    image = ArticleImage(article=article, caption="图为活动现场。", credit="本报记者 于蕊 摄")
    image.image.save(name, ContentFile(image_bytes(fmt, size, color="steelblue")), save=True)
    return image


def img_tag(html: str) -> str:
    return re.search(r'<figure class="article__figure">\s*(<img [^>]+>)', html).group(1)


def storage_image(storage, url: str) -> Image.Image:
    name = url.removeprefix("/media/")
    with storage.open(name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def test_an_article_image_is_offered_in_several_widths_lazily_with_caption_and_credit(client):
    article = ArticleFactory(page=PageFactory(number=1))
    image = photo(article)
    html = client.get(article.get_absolute_url()).content.decode()
    tag = img_tag(html)
    assert 'loading="lazy"' in tag and 'decoding="async"' in tag
    assert 'width="1600" height="1000"' in tag
    assert 'alt="图为活动现场。"' in tag
    srcset = re.search(r'srcset="([^"]+)"', tag).group(1)
    candidates = [c.rsplit(" ", 1) for c in srcset.split(", ")]
    assert [w for _, w in candidates] == ["480w", "800w", "1200w", "1600w"]
    assert candidates[-1][0] == image.image.url  # the original is the largest candidate
    for url, width in candidates[:-1]:
        assert storage_image(image.image.storage, url).width == int(width[:-1])
    assert re.search(r' src="([^"]+)"', tag).group(1) == candidates[1][0]
    assert "图为活动现场。" in html and "本报记者 于蕊 摄" in html


def test_the_original_is_kept_as_uploaded(client):
    article = ArticleFactory()
    image = photo(article)
    with image.image.open("rb") as handle:
        assert handle.read() == image_bytes("JPEG", (1600, 1000), color="steelblue")


def test_renditions_are_made_once_and_kept(client):
    article = ArticleFactory()
    image = photo(article)  # saving made them
    first = responsive_image(image.image)
    storage = image.image.storage
    names = [c.rsplit(" ", 1)[0].removeprefix("/media/") for c in first.srcset.split(", ")[:-1]]
    made_at = [storage.get_modified_time(name) for name in names]
    cache.clear()  # even with the cache forgotten, nothing is made again
    assert responsive_image(image.image) == first
    assert [storage.get_modified_time(name) for name in names] == made_at


def test_a_small_image_is_not_enlarged(client):
    article = ArticleFactory()
    image = photo(article, size=(300, 200), fmt="PNG", name="small.png")
    result = responsive_image(image.image)
    assert result.srcset == f"{image.image.url} 300w"
    assert result.src == image.image.url


def test_a_broken_image_file_still_gives_a_page(client):
    article = ArticleFactory()
    image = ArticleImage(article=article, caption="坏图")
    image.image.save("broken.jpg", ContentFile(b"\xff\xd8\xff not really"), save=True)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert f'src="{image.image.url}"' in response.content.decode()


def test_deleting_an_image_removes_its_renditions(client):
    image = photo(ArticleFactory())
    storage = image.image.storage
    names = [
        c.rsplit(" ", 1)[0].removeprefix("/media/")
        for c in responsive_image(image.image).srcset.split(", ")[:-1]
    ]
    assert all(storage.exists(name) for name in names)
    image.delete()
    assert not any(storage.exists(name) for name in names)


def test_the_article_page_with_images_keeps_its_query_budget(client):
    article = ArticleFactory(page=PageFactory(number=1))
    photo(article)
    photo(article, name="second.jpg")
    assert count_queries(client, article.get_absolute_url()) == BUDGETS["ARTICLE"]
