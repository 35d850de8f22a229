package dev.modeldeploy.runtime.report;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** A rendered report parsed with the JDK's XML parser, queried with XPath (the page is well-formed XML). */
final class Page {
    private final Document document;

    private Page(Document document) {
        this.document = document;
    }

    static Page parse(String html) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            return new Page(f.newDocumentBuilder().parse(new InputSource(new StringReader(html))));
        } catch (Exception e) {
            throw new AssertionError("the report is not well-formed: " + e.getMessage(), e);
        }
    }

    /** An XPath test that an element has the class {@code c}. */
    static String hasClass(String c) {
        return "contains(concat(' ', normalize-space(@class), ' '), ' " + c + " ')";
    }

    List<Element> all(String xpath) {
        return all(document, xpath);
    }

    static List<Element> all(Object context, String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, context, XPathConstants.NODESET);
            List<Element> out = new ArrayList<>(nodes.getLength());
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add((Element) nodes.item(i));
            }
            return out;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    /** The histogram charts, in page order. */
    List<Element> histograms() {
        return all("//svg[" + hasClass("histogram") + "]");
    }

    static List<Element> bars(Element chart, String kind) {
        return all(chart, ".//rect[" + hasClass("bar") + " and " + hasClass(kind) + "]");
    }

    static double number(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    String text(String xpath) {
        try {
            return XPathFactory.newInstance().newXPath().evaluate(xpath, document);
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }
}
